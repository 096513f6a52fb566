import { env } from 'cloudflare:workers';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, request } from '../support/api';
import { countingD1 } from '../support/counting-d1';
import { NEXT_REVISION } from '../../functions/db/responses';

const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => now - days * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Hand-made contacts: who answered what and when, and when each was last touched (null: never).
 * Ids sort as the letters, the tie-break among contacts last touched at the same time.
 */
const CONTACTS = [
  { id: 'c-a', externalId: 'crm-a', name: 'Ann', touched: null, answers: [{ survey: 'demo', score: 3, at: ago(10) }] },
  { id: 'c-b', externalId: 'crm-b', name: 'Bo', touched: ago(200), answers: [{ survey: 'demo', score: 5, at: ago(250) }] },
  { id: 'c-c', email: 'cy@example.com', name: null, touched: ago(95), answers: [{ survey: 'demo', score: 0, at: ago(20) }] },
  { id: 'c-d', externalId: 'crm-d', name: 'Di', touched: ago(30), answers: [{ survey: 'demo', score: 1, at: ago(40) }] },
  { id: 'c-e', externalId: 'crm-e', name: 'Ed', touched: ago(100), answers: [{ survey: 'demo', score: 7, at: ago(15) }] },
  { id: 'c-f', externalId: 'crm-f', name: '=HYPERLINK("https://evil.example")', touched: null, answers: [{ survey: 'demo', score: 10, at: ago(3) }] },
  // Latest answer to any survey: a support detractor; to demo: a promoter.
  { id: 'c-g', externalId: 'crm-g', name: 'Gus', touched: null, answers: [{ survey: 'demo', score: 9, at: ago(60) }, { survey: 'support', score: 2, at: ago(5) }] },
  { id: 'c-h', externalId: 'crm-h', name: 'Hal, never answered', touched: null, answers: [] },
  // A detractor once, a promoter since: the latest answer counts.
  { id: 'c-i', externalId: 'crm-i', name: 'Ida', touched: null, answers: [{ survey: 'demo', score: 1, at: ago(100) }, { survey: 'demo', score: 10, at: ago(4) }] },
  { id: 'c-j', externalId: 'crm-j', name: 'Jo', touched: null, answers: [{ survey: 'support', score: 8, at: ago(7) }] },
] as const;

const category = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

async function seed() {
  let revision = 0;
  const statements = CONTACTS.flatMap((c) => [
    env.DB.prepare('INSERT INTO contacts (id, contact_key, external_id, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').bind(
      c.id,
      'externalId' in c ? `ext:${c.externalId}` : `email:${c.email}`,
      'externalId' in c ? c.externalId : null,
      'email' in c ? c.email : null,
      c.name,
      ago(400),
      ago(400),
    ),
    ...c.answers.map((a, n) =>
      env.DB.prepare(
        `INSERT INTO responses (id, survey, score, category, locale, channel, contact_id, created_at, updated_at, revision, ref)
         VALUES (?, ?, ?, ?, 'en', 'invitation', ?, ?, ?, ?, '')`,
      ).bind(`${c.id}-r${n}`, a.survey, a.score, category(a.score), c.id, a.at, a.at, (revision += 1)),
    ),
    // An older touch too: the latest one counts.
    ...(c.touched === null ? [] : [c.touched - 50 * DAY, c.touched]).map((at) =>
      env.DB.prepare("INSERT INTO touches (contact_id, at, channel, created_at) VALUES (?, ?, 'call', ?)").bind(c.id, at, now),
    ),
  ]);
  // An answer through a link names no contact.
  statements.push(
    env.DB.prepare(`INSERT INTO responses (id, survey, score, category, locale, channel, created_at, updated_at, revision, ref) VALUES ('link', 'demo', 0, 'detractor', 'en', 'link', ?, ?, 100, '')`).bind(now, now),
  );
  await env.DB.batch(statements);
}

type Item = { contact: string; name: string | null; lastTouch: string | null; latestScore: number; category: string; survey: string; answeredAt: string };
type Reply = { items: Item[]; next: string | null; issues?: { path: string; code: string }[] };

async function report(query: string, headers: Record<string, string> = admin, bindings: Partial<Env> = {}) {
  const res = await request(`/api/reports/not-contacted${query}`, { headers }, bindings);
  return { status: res.status, body: await res.json<Reply>() };
}

const OURS = new Set<string>(CONTACTS.map((c) => ('externalId' in c ? c.externalId : c.email)));
/** This file's contacts in the order listed (other test files may add contacts of their own to the D1). */
const contacts = (reply: Reply) => reply.items.map((item) => item.contact).filter((contact) => OURS.has(contact));

beforeAll(seed);

describe('GET /api/reports/not-contacted', () => {
  it('lists the contacts who answered and were not touched for 90 days: detractors, passives, promoters, each never touched first, then the oldest touch', async () => {
    const { status, body } = await report('');
    expect(status).toBe(200);
    expect(contacts(body)).toEqual(['crm-a', 'crm-g', 'crm-b', 'cy@example.com', 'crm-j', 'crm-e', 'crm-f', 'crm-i']);
    expect(body.next).toBeNull();
  });

  it('gives each contact\'s latest touch and latest answer', async () => {
    const { body } = await report('');
    const byContact = new Map(body.items.map((item) => [item.contact, item]));
    expect(byContact.get('crm-a')).toEqual({ contact: 'crm-a', name: 'Ann', lastTouch: null, latestScore: 3, category: 'detractor', survey: 'demo', answeredAt: iso(ago(10)) });
    expect(byContact.get('crm-b')).toEqual({ contact: 'crm-b', name: 'Bo', lastTouch: iso(ago(200)), latestScore: 5, category: 'detractor', survey: 'demo', answeredAt: iso(ago(250)) });
    expect(byContact.get('cy@example.com')).toMatchObject({ name: null, lastTouch: iso(ago(95)), latestScore: 0 });
    expect(byContact.get('crm-g')).toMatchObject({ latestScore: 2, category: 'detractor', survey: 'support', answeredAt: iso(ago(5)) });
    expect(byContact.get('crm-i')).toMatchObject({ latestScore: 10, category: 'promoter', answeredAt: iso(ago(4)) });
  });

  it('with ?survey= reads only that survey\'s answers', async () => {
    const { body } = await report('?survey=demo');
    expect(contacts(body)).toEqual(['crm-a', 'crm-b', 'cy@example.com', 'crm-e', 'crm-f', 'crm-g', 'crm-i']);
    expect(body.items.find((item) => item.contact === 'crm-g')).toMatchObject({ latestScore: 9, category: 'promoter', survey: 'demo', answeredAt: iso(ago(60)) });
    expect(contacts((await report('?survey=support')).body)).toEqual(['crm-g', 'crm-j']);
  });

  it('?days= moves the cutoff', async () => {
    expect(contacts((await report('?days=365')).body)).toEqual(['crm-a', 'crm-g', 'crm-j', 'crm-f', 'crm-i']);
    expect(contacts((await report('?days=20')).body)).toEqual(['crm-a', 'crm-g', 'crm-b', 'cy@example.com', 'crm-d', 'crm-j', 'crm-e', 'crm-f', 'crm-i']);
  });

  it('pages with ?limit and the next cursor: every contact once, in the same order', async () => {
    const all = (await report('?limit=1000')).body.items.map((item) => item.contact);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const { status, body }: { status: number; body: Reply } = await report(`?limit=3${next ? `&next=${encodeURIComponent(next)}` : ''}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((item) => item.contact));
      next = body.next;
    } while (next);
    expect(seen).toEqual(all);
    expect(contacts({ items: seen.map((contact) => ({ contact }) as Item), next: null })).toHaveLength(8);
  });

  it('reads one page in one D1 query', async () => {
    const d1 = countingD1(env.DB);
    expect((await report('?limit=2', admin, { DB: d1.binding })).status).toBe(200);
    expect(d1.queries).toBe(1);
  });

  it.each([
    ['?days=0', 'days'],
    ['?days=3651', 'days'],
    ['?days=ninety', 'days'],
    ['?limit=1001', 'limit'],
    ['?limit=0', 'limit'],
    ['?next=not-a-cursor', 'next'],
  ])('%s is 400 naming %s', async (query, path) => {
    const { status, body } = await report(query);
    expect(status).toBe(400);
    expect(body.issues).toContainEqual(expect.objectContaining({ path }));
  });

  it('an unknown survey is 404 naming it', async () => {
    const { status, body } = await report('?survey=nope');
    expect(status).toBe(404);
    expect(body.issues).toEqual([{ path: 'survey', code: 'survey.unknown', message: 'no survey "nope"' }]);
  });

  it('refuses callers without credentials', async () => {
    expect((await report('', {})).status).toBe(401);
  });
});

describe('GET /results/not-contacted.csv', () => {
  it('is the same list as a spreadsheet, with formula cells neutralised', async () => {
    const res = await request('/results/not-contacted.csv?days=90&survey=demo', { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="not-contacted-90-days-demo-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const rows = csvParse(await res.text());
    expect(rows.columns).toEqual(['contact', 'name', 'lastTouch', 'latestScore', 'category', 'survey', 'answeredAt']);
    const { body } = await report('?survey=demo');
    expect(rows.map((row) => row.contact)).toEqual(body.items.map((item) => item.contact));
    expect(rows.find((row) => row.contact === 'crm-a')).toEqual({ contact: 'crm-a', name: 'Ann', lastTouch: '', latestScore: '3', category: 'detractor', survey: 'demo', answeredAt: iso(ago(10)) });
    expect(rows.find((row) => row.contact === 'crm-f')!.name).toBe('\'=HYPERLINK("https://evil.example")');
  });

  it('refuses a bad filter with 400 naming it, and a visitor without credentials', async () => {
    const bad = await request('/results/not-contacted.csv?days=0', { headers: admin });
    expect(bad.status).toBe(400);
    expect((await bad.json<Reply>()).issues).toContainEqual(expect.objectContaining({ path: 'days' }));
    expect((await request('/results/not-contacted.csv')).status).toBe(401);
  });
});

// Last: it changes the hand-made data.
describe('the report after a touch', () => {
  it('a touch recorded through the API takes the contact off the list', async () => {
    const res = await request('/api/contacts/touches', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ touches: [{ contact: 'crm-a', channel: 'call' }, { contact: 'CY@example.com', at: iso(ago(89)) }] }),
    });
    expect(res.status).toBe(200);
    expect(contacts((await report('')).body)).toEqual(['crm-g', 'crm-b', 'crm-j', 'crm-e', 'crm-f', 'crm-i']);
  });
});

describe('each contact\'s latest answer, kept as answers change (contact_answers)', () => {
  const latest = async (contact: string, query = '?days=1') =>
    (await report(`${query}&limit=1000`)).body.items.find((item) => item.contact === contact);

  it('an answer given again through the invitation with another score moves the contact to its new category', async () => {
    const externalId = `again-${crypto.randomUUID().slice(0, 8)}`;
    const invited = await request('/api/invitations', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ survey: 'demo', recipients: [{ externalId }] }),
    });
    const { results } = await invited.json<{ results: { id: string }[] }>();
    const answer = (score: number) =>
      request('/api/surveys/demo/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ score, invitation: results[0]!.id }) });
    expect((await answer(2)).status).toBe(201);
    expect(await latest(externalId)).toMatchObject({ latestScore: 2, category: 'detractor' });
    expect((await answer(9)).status).toBe(201);
    expect(await latest(externalId)).toMatchObject({ latestScore: 9, category: 'promoter' });
  });

  it('a deleted answer leaves the one before it as the latest, and a contact without answers leaves the list', async () => {
    await env.DB.prepare("DELETE FROM responses WHERE id = 'c-i-r1'").run();
    expect(await latest('crm-i')).toMatchObject({ latestScore: 1, category: 'detractor', answeredAt: iso(ago(100)) });
    await env.DB.prepare("DELETE FROM responses WHERE id = 'c-j-r0'").run();
    expect(await latest('crm-j')).toBeUndefined();
  });

  it('the migration builds the same rows from the answers already stored', async () => {
    const snapshot = () => env.DB.prepare('SELECT * FROM contact_answers ORDER BY contact_id, survey').all().then((r) => r.results);
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(10);
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0013'))!.queries.at(-1)!;
    expect(backfill).toMatch(/^INSERT INTO contact_answers/m);
    await env.DB.batch([env.DB.prepare('DELETE FROM contact_answers'), env.DB.prepare(backfill)]);
    expect(await snapshot()).toEqual(kept);
  });
});

describe('a page reads the same few rows however many contacts wait', () => {
  /** D1 reports the rows each query read (meta.rows_read): the report's binding, metered. */
  function metered() {
    const meter = { rowsRead: 0 };
    const db = {
      prepare: (sql: string) => {
        const statement = env.DB.prepare(sql);
        return {
          bind: (...values: unknown[]) => {
            const bound = statement.bind(...values);
            return {
              all: async () => {
                const result = await bound.all();
                meter.rowsRead += result.meta.rows_read;
                return result;
              },
            };
          },
        };
      },
    } as unknown as D1Database;
    return { db, meter };
  }

  async function addWaiting(n: number) {
    const base = (await env.DB.prepare(`SELECT ${NEXT_REVISION} - 1 AS r`).first<{ r: number }>())!.r;
    const people = Array.from({ length: n }, (_, i) => ({ id: `w-${base + i}`, score: i % 11, revision: base + 1 + i }));
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO contacts (id, contact_key, external_id, created_at, updated_at)
         SELECT value->>'id', 'ext:' || (value->>'id'), value->>'id', ?2, ?2 FROM json_each(?1)`,
      ).bind(JSON.stringify(people), ago(300)),
      env.DB.prepare(
        `INSERT INTO responses (id, survey, score, category, locale, channel, contact_id, created_at, updated_at, revision, ref)
         SELECT value->>'id', 'demo', value->>'score',
                CASE WHEN value->>'score' >= 9 THEN 'promoter' WHEN value->>'score' >= 7 THEN 'passive' ELSE 'detractor' END,
                'en', 'invitation', value->>'id', ?2, ?2, value->>'revision', '' FROM json_each(?1)`,
      ).bind(JSON.stringify(people), ago(200)),
    ]);
  }

  async function rowsReadByPages(query: string) {
    const reads: number[] = [];
    let next: string | null = null;
    for (let page = 0; page < 3; page++) {
      const { db, meter } = metered();
      const { body }: { body: Reply } = await report(`${query}${next ? `&next=${encodeURIComponent(next)}` : ''}`, admin, { DB: db });
      reads.push(meter.rowsRead);
      next = body.next;
    }
    return reads;
  }

  it('the first pages of 10 read as many rows with 1,000 contacts waiting as with 2,000, and no more than 150', async () => {
    await addWaiting(1000);
    const some = await rowsReadByPages('?limit=10');
    await addWaiting(1000);
    const twice = await rowsReadByPages('?limit=10');
    expect(twice).toEqual(some);
    // Each class's index range stops after 11 rows; D1 counts those, the rows taken from them, and
    // each row's contact and answer.
    for (const rows of twice) expect(rows).toBeLessThanOrEqual(150);
  });

  it('a CSV of more than 10,000 customers continues in the file its Link header names: each customer once', async () => {
    await addWaiting(8500);
    const files: string[][] = [];
    let next: string | undefined = '/results/not-contacted.csv?days=90';
    while (next) {
      const res = await request(next, { headers: admin });
      expect(res.status).toBe(200);
      files.push(csvParse(await res.text()).map((row) => row.contact!));
      const link = res.headers.get('link');
      const target = link ? new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!) : undefined;
      next = target ? target.pathname + target.search : undefined;
      expect(files.length).toBeLessThanOrEqual(2);
    }
    expect(files[0]).toHaveLength(10_000);
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: Reply } = await report(`?limit=1000${cursor ? `&next=${encodeURIComponent(cursor)}` : ''}`);
      listed.push(...body.items.map((item) => item.contact));
      cursor = body.next;
    } while (cursor);
    expect(listed.length).toBeGreaterThan(10_000);
    expect(files.flat()).toEqual(listed);
  });
});
