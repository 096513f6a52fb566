// Realistic demo answers for the local D1: a year of responses across departments, functions
// and people, comments in several languages, a visible trend. Used by `npm run seed`,
// `npm start` (on an empty database) and bench/report (a million rows).
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { readdirSync } from 'node:fs';

const ORGANISATION = {
  Support: { 'Tier 1': ['Eva', 'Ali', 'Noor'], 'Tier 2': ['Jonas', 'Mia'] },
  Sales: { 'Inside sales': ['Bo', 'Lena'], 'Key accounts': ['Karl'] },
  Delivery: { Warehouse: ['Olle', 'Sara'], Transport: ['Piotr', 'Anna'] },
  Billing: { Invoices: ['Kim'] },
};
// How much better or worse each department does, in NPS-ish points.
const DEPARTMENT_EFFECT = { Support: 12, Sales: 4, Delivery: -18, Billing: -6 };
const LOCALES = [['en', 0.4], ['sv', 0.2], ['de', 0.12], ['da', 0.08], ['pl', 0.08], ['nb', 0.06], ['fi', 0.06]];
const COMMENTS = {
  promoter: {
    en: ['Fast delivery and friendly support.', 'Everything just works, great value.', 'Eva solved my problem in minutes!'],
    sv: ['Snabb leverans och trevlig personal.', 'Allt fungerar, prisvärt.'],
    de: ['Schnelle Lieferung, sehr freundlicher Service.', 'Top Qualität zum fairen Preis.'],
    da: ['Hurtig levering og god service.'],
    pl: ['Szybka dostawa i miła obsługa.'],
    nb: ['Rask levering og hyggelig kundeservice.'],
    fi: ['Nopea toimitus ja ystävällinen palvelu.'],
  },
  passive: {
    en: ['Good product, but shipping is a bit slow.', 'Fine overall, the price could be lower.', 'OK, but the app is confusing.'],
    sv: ['Bra produkt men leveransen tog tid.', 'Helt okej, lite dyrt.'],
    de: ['Gutes Produkt, aber der Versand dauert.', 'Preis etwas hoch.'],
    da: ['Fint, men lidt dyrt.'],
    pl: ['Dobry produkt, ale dostawa trwała długo.'],
    nb: ['Greit, men litt dyrt.'],
    fi: ['Hyvä tuote, mutta toimitus kesti.'],
  },
  detractor: {
    en: ['My parcel arrived two weeks late and nobody answered.', 'Invoice was wrong twice.', 'Support never called back.'],
    sv: ['Paketet kom två veckor för sent.', 'Fakturan var fel, ingen hjälp.'],
    de: ['Lieferung kam viel zu spät.', 'Rechnung falsch, keine Antwort vom Support.'],
    da: ['Pakken kom alt for sent.'],
    pl: ['Paczka przyszła z dużym opóźnieniem.', 'Nikt nie oddzwonił.'],
    nb: ['Pakken kom altfor sent.'],
    fi: ['Paketti tuli myöhässä, eikä kukaan vastannut.'],
  },
};

/** A small deterministic generator, so demo data looks the same on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const token = () => randomBytes(16).toString('base64url');
const pick = (rand, list) => list[Math.floor(rand() * list.length)];
function weighted(rand, pairs) {
  let x = rand();
  for (const [value, weight] of pairs) if ((x -= weight) < 0) return value;
  return pairs[0][0];
}

/** A score whose NPS rises through the year and differs by department. */
function score(rand, progress, department) {
  const tilt = (-10 + 35 * progress + (DEPARTMENT_EFFECT[department] ?? 0)) / 100;
  const promoter = Math.min(0.9, Math.max(0.05, 0.42 + tilt / 2));
  const detractor = Math.min(0.9, Math.max(0.03, 0.28 - tilt / 2));
  const x = rand();
  if (x < promoter) return rand() < 0.55 ? 10 : 9;
  if (x < promoter + detractor) return Math.floor(rand() * 7);
  return rand() < 0.5 ? 7 : 8;
}
/**
 * One answer as the seeded company gives them at `progress` (0 to 1) through its year: the score,
 * and a comment 45% of the time, as seedResponses draws them (bench/cpu.mjs meters a day's mix).
 */
export function sampleAnswer(seed, count, { progress = 1, department = 'Support' } = {}) {
  const rand = random(seed);
  return Array.from({ length: count }, () => {
    const s = score(rand, progress, department);
    return { score: s, reason: rand() < 0.45 ? pick(rand, COMMENTS[categoryOf(s)].en) : undefined };
  });
}

// The highest revision ever written, read as functions/db/responses.ts's NEXT_REVISION reads it.
const HIGHEST_REVISION = `SELECT max(coalesce((SELECT max(rowid) FROM responses), 0), coalesce((SELECT max(revision) FROM responses WHERE revision > 0), 0),
  coalesce((SELECT value FROM response_revision WHERE id = 1), 0)) AS r`;
const categoryOf = (s) => (s >= 9 ? 'promoter' : s >= 7 ? 'passive' : 'detractor');

/** The local D1's SQLite file under a --persist-to directory (the one with a responses table). */
export function localDatabaseFile(persistTo) {
  const dir = `${persistTo}/v3/d1/miniflare-D1DatabaseObject`;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sqlite'))) {
    const db = new DatabaseSync(`${dir}/${name}`);
    const found = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'responses'").get();
    db.close();
    if (found) return `${dir}/${name}`;
  }
  throw new Error(`no migrated D1 database under ${dir}`);
}

export function countResponses(file) {
  const db = new DatabaseSync(file);
  const { n } = db.prepare('SELECT count(*) AS n FROM responses').get();
  db.close();
  return n;
}

// What became of a demo customer in the year after answering: detractors leave about four times
// as often as promoters and spend less (/results/loyalty shows it, `?months=3` for the demo's year).
const CHURN = { detractor: 0.32, passive: 0.18, promoter: 0.08 };
const SPEND = { detractor: 800, passive: 1000, promoter: 1200 };

function seedOutcome(insertOutcome, fate, contact, category, at, end) {
  const churnAt = at + Math.floor(fate() * 365 * 86_400_000);
  const churns = fate() < CHURN[category];
  if (churns && churnAt < end) insertOutcome.run(contact, 'churned', churnAt, churnAt, null, null, churnAt);
  const renewalAt = at + 90 * 86_400_000;
  const amount = Math.round(SPEND[category] * (0.5 + fate()));
  if ((!churns || churnAt > renewalAt) && renewalAt < end) insertOutcome.run(contact, 'revenue', renewalAt, renewalAt, amount, 'EUR', renewalAt);
}

/**
 * An organisation of `people` people in `departments` × `functionsEach` functions (the demo's
 * department names first), for benchmarks at a company's size: { department: { function: [person] } }.
 */
export function organisation({ departments = 8, functionsEach = 5, people = 500 } = {}) {
  const names = ['Support', 'Sales', 'Delivery', 'Billing', 'Marketing', 'Finance', 'Operations', 'Legal'];
  const functions = departments * functionsEach;
  const org = {};
  let person = 0;
  for (let f = 0; f < functions; f++) {
    const department = names[Math.floor(f / functionsEach)] ?? `Department ${Math.floor(f / functionsEach) + 1}`;
    const size = Math.floor(people / functions) + (f < people % functions ? 1 : 0);
    org[department] ??= {};
    org[department][`${department} ${(f % functionsEach) + 1}`] = Array.from({ length: size }, () => `Person ${++person}`);
  }
  return org;
}

// Lower case, as the API stores every address (a contact's key and e-mail), so a wave or an
// import finds the seeded contact instead of adding a second one the throttle cannot see.
const demoAddress = (token) => `demo-${token.toLowerCase()}@example.com`;

/**
 * Writes `total` responses to `survey` spread over the `days` before `end`, a third of them
 * through invitations (with twice as many invitations sent), straight into the SQLite file;
 * segmented by the demo's organisation unless another is given.
 */
export function seedResponses(file, { survey = 'demo', total = 3000, days = 365, end = Date.now(), seed = 7, unanswered = 2, org = ORGANISATION } = {}) {
  const rand = random(seed);
  const db = new DatabaseSync(file);
  const insertContact = db.prepare('INSERT INTO contacts (id, contact_key, email, name, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertInvitation = db.prepare('INSERT INTO invitations (id, survey, contact_id, touchpoint, locale, segments, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertResponse = db.prepare(
    `INSERT INTO responses (id, survey, score, category, reason, follow_up, answers, segments, locale, channel, invitation_id, contact_id, created_at, updated_at, rowid, revision, ref)
     VALUES (?, ?, ?, ?, ?, NULL, '{}', ?, ?, ?, ?, ?, ?, ?, ?, 0, lower(hex(randomblob(8))))`,
  );
  const insertOutcome = db.prepare(
    `INSERT OR IGNORE INTO outcomes (contact_id, type, day, at, amount, currency, created_at) VALUES (?, ?, strftime('%Y-%m-%d', ? / 1000, 'unixepoch'), ?, ?, ?, ?)`,
  );
  // Outcomes draw from their own stream, so the answers are the same with or without them.
  const fate = random(seed + 1000);
  // Fresh answers, numbered as the Worker numbers them (functions/db/responses.ts): the rowid is the revision.
  let revision = db.prepare(HIGHEST_REVISION).get().r;
  const departments = Object.keys(org);
  db.exec('BEGIN');
  for (let i = 0; i < total; i++) {
    const progress = i / total;
    const at = Math.floor(end - days * 86_400_000 * (1 - progress) - rand() * 3_600_000);
    const department = pick(rand, departments);
    const fn = pick(rand, Object.keys(org[department]));
    const person = pick(rand, org[department][fn]);
    const segments = JSON.stringify({ department, function: fn, person });
    const locale = weighted(rand, LOCALES);
    const s = score(rand, progress, department);
    const category = categoryOf(s);
    const reason = rand() < 0.45 ? pick(rand, COMMENTS[category][locale] ?? COMMENTS[category].en) : null;
    let invitation = null;
    let contact = null;
    if (rand() < 1 / 3) {
      contact = token();
      insertContact.run(contact, `email:${demoAddress(contact)}`, demoAddress(contact), null, locale, at, at);
      invitation = token();
      insertInvitation.run(invitation, survey, contact, '', locale, segments, at - 3_600_000);
      seedOutcome(insertOutcome, fate, contact, category, at, end);
      // Invitations nobody answered: with two, a response rate of about a third.
      for (let k = 0; k < unanswered; k++) {
        const other = token();
        insertContact.run(other, `email:${demoAddress(other)}`, demoAddress(other), null, locale, at, at);
        insertInvitation.run(token(), survey, other, '', locale, segments, at - 3_600_000);
      }
    }
    revision += 1;
    insertResponse.run(token(), survey, s, category, reason, segments, locale, invitation ? 'invitation' : 'link', invitation, contact, at, at, revision);
    if (i % 50_000 === 49_999) {
      db.exec('COMMIT');
      db.exec('BEGIN');
    }
  }
  db.exec('COMMIT');
  db.close();
}

const DEMO_NAMES = { en: 'Emma', sv: 'Astrid', de: 'Lukas', da: 'Freja', pl: 'Zofia', nb: 'Ingrid', fi: 'Aino' };

/**
 * The outbox of a newcomer's demo: the `count` latest unanswered invitations of `survey`, as sent
 * a minute after each invitation. Their origin is empty, so the outbox renders their links at the
 * address it is read on (npm start's), and a score clicked there opens the local survey.
 */
export function seedOutbox(file, { survey = 'demo', count = 12 } = {}) {
  const db = new DatabaseSync(file);
  const invitations = db
    .prepare(
      `SELECT i.id, i.contact_id, i.locale, i.created_at, c.email FROM invitations AS i JOIN contacts AS c ON c.id = i.contact_id
       WHERE i.survey = ? AND c.email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM responses AS r WHERE r.invitation_id = i.id)
         AND NOT EXISTS (SELECT 1 FROM outbox AS o WHERE o.invitation_id = i.id)
       ORDER BY i.created_at DESC LIMIT ?`,
    )
    .all(survey, count);
  const insert = db.prepare(
    `INSERT INTO outbox (id, invitation_id, contact_id, survey, recipient, name, locale, origin, status, tries, created_at, updated_at, enqueued_at, sent_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, '', 'sent', 1, ?, ?, ?, ?)`,
  );
  for (const i of invitations) {
    const sentAt = i.created_at + 60_000;
    insert.run(token(), i.id, i.contact_id, survey, i.email, DEMO_NAMES[i.locale] ?? null, i.locale, i.created_at, sentAt, i.created_at, sentAt);
  }
  db.close();
  return invitations.length;
}
