// Fills a database migrated to 0025 as a company's would be just before migration 0026, for
// bench/migrations: a year of answers from 500 people in 40 functions in 8 departments, a third
// through invitations, comments on 45%, alerts on detractors, and the rollups in 0025's shapes.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { organisation } from '../.ci/demo-data.mjs';

const SURVEY = 'demo';
const DAY = 86_400_000;
// A comment in the survey languages per category; its themes are found as the Worker finds them.
const COMMENTS = {
  promoter: ['Fast delivery and friendly support.', 'Everything just works, great value.', 'Snabb leverans och trevlig personal.', 'Top Qualität zum fairen Preis.'],
  passive: ['Good product, but shipping is a bit slow.', 'Fine overall, the price could be lower.', 'OK, but the app is confusing.', 'Helt okej, lite dyrt.'],
  detractor: ['My parcel arrived two weeks late and nobody answered.', 'Invoice was wrong twice.', 'Support never called back.', 'Rechnung falsch, keine Antwort vom Support.'],
};
const LOCALES = ['en', 'en', 'sv', 'de', 'da', 'pl', 'nb', 'fi'];

/** A small deterministic generator (mulberry32), so every run fills the same answers. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const token = () => randomBytes(16).toString('base64url');

// src/report/themes.ts's matching of src/data/themes.json: a keyword starts a word (the Worker's fold writes these).
const THEMES = Object.entries(JSON.parse(readFileSync(new URL('../src/data/themes.json', import.meta.url), 'utf8')))
  .filter(([id]) => !id.startsWith('$'))
  .map(([id, { keywords }]) => [id, new RegExp(`(^|[^\\p{L}\\p{N}])(${keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'iu')]);
const themesOf = (text) => THEMES.filter(([, pattern]) => pattern.test(text)).map(([id]) => id);

/** A score as the demo spreads them: about 45% promoters, 27% passives, 28% detractors. */
function scoreOf(rand) {
  const x = rand();
  if (x < 0.45) return rand() < 0.55 ? 10 : 9;
  if (x < 0.72) return rand() < 0.5 ? 7 : 8;
  return Math.floor(rand() * 7);
}
const categoryOf = (s) => (s >= 9 ? 'promoter' : s >= 7 ? 'passive' : 'detractor');

/** Writes `total` answers over the year before `end`, with their contacts, invitations, alerts and follow-ups. */
function seedAnswers(db, total, end) {
  const rand = random(7);
  const people = Object.entries(organisation({ departments: 8, functionsEach: 5, people: 500 })).flatMap(([department, functions]) =>
    Object.entries(functions).flatMap(([fn, names]) => names.map((person) => JSON.stringify({ department, function: fn, person }))),
  );
  const insertContact = db.prepare('INSERT INTO contacts (id, contact_key, email, locale, created_at, updated_at) VALUES (?1, ?2, ?2, ?3, ?4, ?4)');
  const insertInvitation = db.prepare('INSERT INTO invitations (id, survey, contact_id, locale, segments, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  // Before migration 0029 a fresh answer's revision is one above the highest: here its rowid.
  const insertResponse = db.prepare(
    `INSERT INTO responses (rowid, id, survey, score, category, reason, segments, locale, channel, invitation_id, contact_id, created_at, updated_at, revision, ref)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?1, lower(hex(randomblob(8))))`,
  );
  const insertAlert = db.prepare('INSERT INTO alerts (id, response_id, survey, created_at, enqueued_at) VALUES (?1, ?2, ?3, ?4, ?4)');
  const insertDelivery = db.prepare("INSERT INTO alert_deliveries (alert_id, target, status, tries, last_status, updated_at) VALUES (?, 'webhook', 'delivered', 1, 200, ?)");
  const insertFollowUp = db.prepare(
    `INSERT INTO follow_ups (response_id, ref, survey, status, owner, due, updated_at)
     SELECT id, ref, survey, 'contacted', 'owner@example.com', strftime('%Y-%m-%d', ?2 / 1000, 'unixepoch'), ?2 FROM responses WHERE id = ?1`,
  );
  const insertHistory = db.prepare("INSERT INTO follow_up_history (response_id, at, actor, field, value) VALUES (?, ?, 'admin', ?, ?)");
  const newContact = (locale, at) => {
    const id = token();
    insertContact.run(id, `email:demo-${id.toLowerCase()}@example.com`, locale, at);
    return id;
  };
  db.exec('BEGIN');
  for (let i = 1; i <= total; i++) {
    const at = Math.floor(end - 365 * DAY * (1 - i / total) - rand() * 3_600_000);
    const segments = people[Math.floor(rand() * people.length)];
    const locale = LOCALES[Math.floor(rand() * LOCALES.length)];
    const score = scoreOf(rand);
    const category = categoryOf(score);
    const reason = rand() < 0.45 ? COMMENTS[category][Math.floor(rand() * COMMENTS[category].length)] : null;
    let invitation = null;
    let contact = null;
    // A third come through an invitation; as many invitations again go unanswered.
    if (rand() < 1 / 3) {
      contact = newContact(locale, at);
      invitation = token();
      insertInvitation.run(invitation, SURVEY, contact, locale, segments, at - 3_600_000);
      insertInvitation.run(token(), SURVEY, newContact(locale, at), locale, segments, at - 3_600_000);
    }
    const id = token();
    insertResponse.run(i, id, SURVEY, score, category, reason, segments, locale, invitation ? 'invitation' : 'link', invitation, contact, at);
    if (category === 'detractor') {
      const alert = token();
      insertAlert.run(alert, id, SURVEY, at);
      insertDelivery.run(alert, at);
      // Staff take up one detractor in ten: a follow-up with its status and owner changes.
      if (rand() < 0.1) {
        insertFollowUp.run(id, at + DAY);
        insertHistory.run(id, at + DAY, 'status', 'contacted');
        insertHistory.run(id, at + DAY, 'owner', 'owner@example.com');
      }
    }
    if (i % 50_000 === 0) {
      db.exec('COMMIT');
      db.exec('BEGIN');
    }
  }
  db.exec('COMMIT');
}

// The rollups as the fold leaves them before migration 0026: the ledger and the theme memberships
// keyed by the answer's id, a day row per survey × path × day × score at each level of the path
// ([], [department], [department, function], [department, function, person]).
const pathsOf = (s) => `json_array(json('[]'), json_array(${s}->>'department'), json_array(${s}->>'department', ${s}->>'function'),
  json_array(${s}->>'department', ${s}->>'function', ${s}->>'person'))`;
const PARENT = `CASE WHEN json_array_length(p.value) = 0 THEN NULL ELSE json_remove(p.value, '$[#-1]') END`;
const ROLLUPS = [
  `INSERT INTO rollup_ledger (response_id, survey, paths, day, locale, channel, score, themes, commented)
   SELECT r.id, r.survey, ${pathsOf('r.segments')}, strftime('%Y-%m-%d', r.created_at / 1000, 'unixepoch'),
     r.locale, r.channel, r.score, coalesce(t.themes, '[]'), r.reason IS NOT NULL OR r.follow_up IS NOT NULL
   FROM responses AS r LEFT JOIN temp.comment_themes AS t ON t.reason = r.reason ORDER BY r.id`,
  `INSERT INTO response_themes (response_id, theme)
   SELECT l.response_id, t.value FROM rollup_ledger AS l JOIN json_each(l.themes) AS t WHERE l.themes <> '[]'`,
  `INSERT INTO rollup_days (survey, segment_path, parent_path, level, day, score, answers, invited, commented)
   SELECT l.survey, p.value, ${PARENT}, json_array_length(p.value), l.day, l.score, count(*), sum(l.channel = 'invitation'), sum(l.commented)
   FROM rollup_ledger AS l JOIN json_each(l.paths) AS p GROUP BY l.survey, p.value, l.day, l.score`,
  `INSERT INTO rollup_themes (survey, segment_path, day, theme, category, comments)
   SELECT l.survey, p.value, l.day, t.value, CASE WHEN l.score >= 9 THEN 'promoter' WHEN l.score >= 7 THEN 'passive' ELSE 'detractor' END, count(*)
   FROM rollup_ledger AS l JOIN json_each(l.themes) AS t JOIN json_each(l.paths) AS p WHERE l.themes <> '[]'
   GROUP BY 1, 2, 3, 4, 5`,
  `INSERT INTO rollup_invitations (survey, segment_path, parent_path, level, day, invitations, answered)
   SELECT i.survey, p.value, ${PARENT}, json_array_length(p.value), i.day, count(*), sum(i.answered)
   FROM (SELECT survey, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day, segments,
           EXISTS (SELECT 1 FROM responses AS r WHERE r.invitation_id = invitations.id) AS answered FROM invitations) AS i
   JOIN json_each(${pathsOf('i.segments')}) AS p GROUP BY i.survey, p.value, i.day`,
  `UPDATE rollup_state SET after = CASE stream WHEN 'responses' THEN (SELECT max(revision) FROM responses) ELSE (SELECT max(rowid) FROM invitations) END`,
];

/**
 * Fills `db` (migrated to 0025) with `total` answers and their rollups; `monthsBackfill` are 0025's
 * own INSERTs, which make the month tables from the day tables as a deployment's did.
 */
export function seedBefore0026(db, total, monthsBackfill, end = Date.now()) {
  seedAnswers(db, total, end);
  db.exec('CREATE TEMP TABLE comment_themes (reason TEXT PRIMARY KEY, themes TEXT NOT NULL)');
  const insertThemes = db.prepare('INSERT INTO temp.comment_themes (reason, themes) VALUES (?, ?)');
  for (const text of Object.values(COMMENTS).flat()) insertThemes.run(text, JSON.stringify(themesOf(text)));
  db.exec('BEGIN');
  for (const statement of [...ROLLUPS, ...monthsBackfill]) db.exec(statement);
  db.exec('COMMIT');
  db.exec('DROP TABLE temp.comment_themes');
}
