import { env } from 'cloudflare:workers';
import { applyD1Migrations } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAlert, raiseAlert } from '../../functions/db/alerts';
import { anonymise } from '../../functions/db/erasure';
import { randomToken } from '../../functions/db/ids';
import { admin, request } from '../support/api';
import { capturing, plan } from '../support/capturing-d1';
import { answer, patch } from '../support/follow-ups';
import { schemaBefore } from '../support/schema-before';

// Migration 0031 replaces the follow-up queue's three partial indexes with one, makes a ref end in its
// rowid, and keys an alert by its delivery id (the response's ref from then on). Here it runs on a
// database as it was before it, whose refs are random to the end (links to them are in Slack messages
// already sent) and whose alerts have random ids (receivers dedupe on them): the queue must list and
// open the same items after it, and every alert keep its id, its deliveries, and its one-per-response.

const MIGRATION = '0031';
const NEEDS = `(category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL)))`;
const all = async (sql: string) => (await env.DB.prepare(sql).all()).results;

/** Answers to a survey as an import or the Worker before 0031 wrote them: the trigger gives each a random ref. */
async function answers(survey: string, scores: number[], from: number) {
  await env.DB.prepare(
    `INSERT INTO responses (id, survey, score, category, reason, segments, locale, channel, created_at, updated_at, revision)
     SELECT lower(hex(randomblob(16))), ?1, s.value, CASE WHEN s.value <= 6 THEN 'detractor' WHEN s.value <= 8 THEN 'passive' ELSE 'promoter' END,
            CASE WHEN s.key % 2 = 0 THEN 'A comment' END, '{"department":"Migrated"}', 'en', 'link', ?3 - s.key * 60000, ?3 - s.key * 60000, 0
     FROM json_each(?2) AS s`,
  )
    .bind(survey, JSON.stringify(scores), from)
    .run();
}

/** What staff see: the list of every survey and of each, in pages of 3, and each item. */
async function queue() {
  const pages = async (query: string) => {
    const refs: { ref: string; status: string; score: number }[] = [];
    let after = '';
    for (let n = 0; n < 20; n++) {
      const res = await request(`/api/follow-ups?${query}&limit=3${after}`, { headers: admin });
      expect(res.status).toBe(200);
      const page = await res.json<{ items: { ref: string; status: string; score: number }[]; next: string | null }>();
      refs.push(...page.items.map(({ ref, status, score }) => ({ ref, status, score })));
      if (!page.next) break;
      after = `&after=${encodeURIComponent(page.next)}`;
    }
    return refs;
  };
  const every = await pages('segment.department=Migrated');
  const items = [];
  for (const { ref } of every) {
    const res = await request(`/api/follow-ups/${ref}`, { headers: admin });
    items.push({ status: res.status, body: await res.json() });
  }
  return { every, demo: await pages('survey=demo&segment.department=Migrated'), support: await pages('survey=support'), items };
}

const alerts = async () => ({
  alerts: await all('SELECT id, response_id, survey, created_at, enqueued_at FROM alerts ORDER BY id'),
  deliveries: await all('SELECT * FROM alert_deliveries ORDER BY alert_id, target'),
});
const RULE = { maxScore: 6, commented: false };

describe('migration 0031 on a database as it was before it', () => {
  let before: Awaited<ReturnType<typeof queue>>;
  let after: Awaited<ReturnType<typeof queue>>;
  let alertsBefore: Awaited<ReturnType<typeof alerts>>;
  let alertsAfter: Awaited<ReturnType<typeof alerts>>;
  const alerted = { response: '', alert: randomToken() };
  let fresh: { id: string; ref: string };

  beforeAll(async () => {
    await schemaBefore(MIGRATION);
    const now = Date.now();
    await answers('demo', [0, 10, 7, 8, 3, 9, 6, 7, 2, 10], now - 3_600_000);
    await answers('support', [5, 9, 8, 1], now - 3_630_000);
    const refs = (await all(`SELECT ref, score FROM responses WHERE ${NEEDS} ORDER BY created_at`)) as { ref: string; score: number }[];
    // A changed item, and one whose answer was amended since to a score that needs none.
    expect((await patch(refs[0]!.ref, { status: 'contacted', owner: 'Eva' })).status).toBe(200);
    expect((await patch(refs[1]!.ref, { status: 'resolved' })).status).toBe(200);
    await env.DB.prepare(`UPDATE responses SET score = 10, category = 'promoter' WHERE ref = ?`).bind(refs[1]!.ref).run();
    // An alert raised as before 0031 (a random id), with a delivery that died.
    alerted.response = (await env.DB.prepare(`SELECT id FROM responses WHERE ref = ?`).bind(refs[2]!.ref).first<string>('id'))!;
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO alerts (id, response_id, survey, created_at, enqueued_at) VALUES (?1, ?2, 'demo', ?3, ?3)`).bind(alerted.alert, alerted.response, now),
      env.DB.prepare(`INSERT INTO alert_deliveries (alert_id, target, status, tries, last_error, updated_at) VALUES (?1, 'webhook', 'dead', 10, 'HTTP 500', ?2)`).bind(alerted.alert, now),
    ]);
    // Today's Worker on the schema before 0031 (deployed first, migrated after): its alert's id is the answer's ref.
    fresh = await answer({ score: 1 }, 'Migrated');
    before = await queue();
    alertsBefore = await alerts();
    expect(alertsBefore.alerts).toContainEqual(expect.objectContaining({ id: fresh.ref, response_id: fresh.id }));
    expect(before.every.length).toBe(refs.length + 1);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.filter((m) => m.name <= `${MIGRATION}~`));
    after = await queue();
    alertsAfter = await alerts();
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  });

  it('lists and opens the same items, by the refs made before it', async () => {
    expect(after).toEqual(before);
    expect(after.items.every((item) => item.status === 200)).toBe(true);
    expect(after.every.map((i) => i.status)).toContain('contacted');
    expect(after.every.find((i) => i.status === 'resolved')).toMatchObject({ score: 10 });
  });

  it('leaves one index for the list and keeps the old refs, all of them and only them, in the index of refs made before', async () => {
    const indexes = (await all(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'responses_to_follow_up%' ORDER BY name`)) as { name: string; sql: string }[];
    expect(indexes.map((i) => i.name)).toEqual(['responses_to_follow_up', 'responses_to_follow_up_by_random_ref']);
    expect(indexes[0]!.sql).toContain('ON responses (survey, created_at, ref)');
    // Every answer that needs a follow-up but the one today's Worker wrote, whose ref ends in its rowid.
    const needing = await all(`SELECT count(*) AS n FROM responses NOT INDEXED WHERE ${NEEDS} AND id <> '${fresh.id}'`);
    const indexed = await all(`SELECT count(*) AS n FROM responses INDEXED BY responses_to_follow_up_by_random_ref WHERE ${NEEDS} AND substr(ref, 9) <> printf('%08x', rowid)`);
    expect(indexed).toEqual(needing);
  });

  it('a new answer gets a ref that ends in its rowid, and heads the list', async () => {
    const { id, ref } = await answer({ score: 4 }, 'Migrated');
    const row = (await env.DB.prepare('SELECT rowid FROM responses WHERE id = ?').bind(id).first<{ rowid: number }>())!;
    expect(ref.slice(8)).toBe(row.rowid.toString(16).padStart(8, '0'));
    const res = await request('/api/follow-ups?segment.department=Migrated&limit=1', { headers: admin });
    expect((await res.json<{ items: { ref: string }[] }>()).items.map((i) => i.ref)).toEqual([ref]);
  });

  it('keeps every alert by its id with its deliveries; one raised before is found by its id, and its response never alerts again', async () => {
    expect(alertsAfter).toEqual(alertsBefore);
    expect(await findAlert(env.DB, alerted.alert, 'webhook')).toMatchObject({ id: alerted.alert, status: 'dead' });
    const again = await env.DB.batch([alerted.response, fresh.id].map((id) => raiseAlert(env.DB, RULE, { id }, Date.now(), false)));
    expect(again.map((r) => r.results)).toEqual([[], []]);
    // Keyed by its id: no index but these two partial ones, which a new alert raised as queued writes nothing in.
    expect(await all(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND sql IS NOT NULL ORDER BY name`)).toEqual([
      { name: 'alerts_not_enqueued' },
      { name: 'alerts_raised_before_0031' },
    ]);
    expect(await all(`SELECT name FROM sqlite_master WHERE name LIKE '%_0030'`)).toEqual([]);
    expect(await all('PRAGMA foreign_key_check')).toEqual([]);
  });

  it("an answer before 0031 that alerts after it gets its ref as the alert's id, once", async () => {
    const { id, ref } = (await env.DB.prepare(`SELECT id, ref FROM responses WHERE score = 0 AND survey = 'demo'`).first<{ id: string; ref: string }>())!;
    expect(id).not.toBe(alerted.response);
    const [first] = await env.DB.batch([raiseAlert(env.DB, RULE, { id }, Date.now(), false)]);
    expect(first!.results).toEqual([{ id: ref }]);
    const [second] = await env.DB.batch([raiseAlert(env.DB, RULE, { id }, Date.now(), false)]);
    expect(second!.results).toEqual([]);
  });

  it('erasure deletes an alert raised before and one raised after, with their deliveries', async () => {
    const { id } = (await env.DB.prepare(`SELECT id FROM responses WHERE score = 0 AND survey = 'demo'`).first<{ id: string }>())!;
    const selection = JSON.stringify([alerted.response, id]);
    const { binding, sent } = capturing(env.DB);
    const [deleted] = await env.DB.batch(anonymise(binding, 'SELECT value FROM json_each(?1)', selection, '{}'));
    const details = await plan(sent[0]!.sql, sent[0]!.values);
    expect(details).toContain('SEARCH alerts USING PRIMARY KEY (id=?)');
    expect(details.some((d) => d.includes('USING COVERING INDEX alerts_raised_before_0031 (response_id=?)'))).toBe(true);
    expect(details.filter((d) => /^SCAN (a|alerts)\b/.test(d))).toEqual([]);
    expect(deleted!.results).toHaveLength(2);
    expect(await all(`SELECT count(*) AS n FROM alerts WHERE response_id IN ('${alerted.response}', '${id}')`)).toEqual([{ n: 0 }]);
    expect(await all(`SELECT count(*) AS n FROM alert_deliveries WHERE alert_id = '${alerted.alert}'`)).toEqual([{ n: 0 }]);
  });
});
