import { env } from 'cloudflare:workers';
import { applyD1Migrations } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { findAlert } from '../../functions/db/alerts';
import { admin, postJson, request } from '../support/api';
import { capturing, plan } from '../support/capturing-d1';
import { patch } from '../support/follow-ups';
import { schemaBefore } from '../support/schema-before';

// Migration 0027 rebuilds responses (partial unique indexes for the invitation and the
// Idempotency-Key), alerts (keyed by its response) and the tables under them, on a D1 whose
// foreign keys are always on. Here it runs on a database as it was before it, with data in every
// one of those tables, and everything must come out as it went in: rows, rowids, search hits,
// triggers and cascades.

const RESPONSES = '/api/surveys/demo/responses';
const MIGRATION = '0027';
// The alert is raised for a detractor; with no target set (test env) it is written as queued.
const queue = { ALERTS: { send: async () => {}, sendBatch: async () => {} } as unknown as Queue };

const all = async (sql: string) => (await env.DB.prepare(sql).all()).results;

/** Every row the migration copies, with the responses' rowids, and what the triggers keep. */
const snapshot = async () => ({
  responses: await all('SELECT rowid, * FROM responses ORDER BY rowid'),
  alerts: await all('SELECT id, response_id, survey, created_at, enqueued_at FROM alerts ORDER BY id'),
  deliveries: await all('SELECT * FROM alert_deliveries ORDER BY alert_id, target'),
  followUps: await all('SELECT * FROM follow_ups ORDER BY response_id'),
  history: await all('SELECT * FROM follow_up_history ORDER BY id'),
  touches: await all('SELECT * FROM touches ORDER BY contact_id, at'),
  contactAnswers: await all('SELECT * FROM contact_answers ORDER BY contact_id, survey'),
  revision: await all('SELECT * FROM response_revision'),
  // The schema objects made again word for word: the triggers and the view.
  code: await all(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name`),
  // Every index written out, on any table (one a later migration before 0027 adds is checked too),
  // but the two that replace the inline constraints.
  indexes: await all(
    `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND name NOT IN ('responses_by_invitation', 'responses_by_idempotency_key') ORDER BY name`,
  ),
});

/** The responses' rowids a full-text query finds in comment_search, as the comments page reads it. */
const hits = async (query: string) =>
  (await env.DB.prepare('SELECT rowid FROM comment_search WHERE comment_search MATCH ? ORDER BY rowid').bind(query).all<{ rowid: number }>()).results.map((r) => r.rowid);

async function invite(email: string) {
  const res = await postJson('/api/invitations', { survey: 'demo', recipients: [{ email, name: 'Per Quokka', segments: { department: 'Migrated' } }] }, admin);
  return (await res.json<{ results: { id: string }[] }>()).results[0]!.id;
}

async function answer(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await postJson(RESPONSES, body, headers, queue);
  expect(res.status).toBe(201);
  return (await res.json<{ id: string }>()).id;
}

const rowOf = (id: string) => env.DB.prepare('SELECT rowid, * FROM responses WHERE id = ?').bind(id).first<Record<string, unknown> & { rowid: number; ref: string; contact_id: string }>();

describe('migration 0027 on a database as it was before it', () => {
  const key = crypto.randomUUID();
  const seeded = {} as Record<'silent' | 'keyed' | 'late' | 'invited' | 'passive', string> & { token: string; email: string };
  let before: Awaited<ReturnType<typeof snapshot>>;
  let after: Awaited<ReturnType<typeof snapshot>>;
  let alertIndexes: unknown[];

  beforeAll(async () => {
    await schemaBefore(MIGRATION);
    // The old inline constraints are there: three autoindexes on responses.
    expect(await all(`SELECT name FROM sqlite_master WHERE tbl_name = 'responses' AND name LIKE 'sqlite_autoindex_%' ORDER BY name`)).toHaveLength(3);
    // Today's Worker writes a fresh answer with revision 0 (migrations/0029), which the index of the
    // time refuses twice: it is made partial while the answers go in, and they are numbered after
    // as the Worker of the time numbered them, the index as it was made again.
    const revisionIndex = (await env.DB.prepare(`SELECT sql FROM sqlite_master WHERE name = 'responses_by_revision'`).first<{ sql: string }>())!.sql;
    await env.DB.batch([env.DB.prepare('DROP INDEX responses_by_revision'), env.DB.prepare('CREATE UNIQUE INDEX responses_by_revision ON responses (revision) WHERE revision > 0')]);
    seeded.email = `per-${crypto.randomUUID()}@example.com`;
    seeded.token = await invite(seeded.email);
    seeded.silent = await answer({ score: 10 });
    // An answer erased since leaves a gap in the rowids: the copy must keep them, not number them anew.
    const gone = await answer({ score: 6 });
    seeded.keyed = await answer({ score: 8, reason: 'Fair price' }, { 'idempotency-key': key });
    seeded.late = await answer({ score: 2, reason: 'The parcel was late' });
    seeded.invited = await answer({ score: 1, reason: 'Nobody called about the parcel', invitation: seeded.token });
    seeded.passive = await answer({ score: 7, reason: 'Försening igen' });
    await env.DB.prepare('DELETE FROM responses WHERE id = ?').bind(gone).run();
    // A delivery of each alert, a follow-up with its history, and the follow-up's touch of the contact.
    await env.DB.prepare(
      `INSERT INTO alert_deliveries (alert_id, target, status, tries, last_status, last_error, updated_at)
       SELECT id, 'webhook', 'retrying', 2, 503, 'Service Unavailable', created_at FROM alerts`,
    ).run();
    for (const id of [seeded.late, seeded.invited]) {
      const { ref } = (await rowOf(id))!;
      expect((await patch(ref, { status: 'contacted', owner: 'Eva', note: 'Called back' })).status).toBe(200);
    }
    await env.DB.batch([
      env.DB.prepare('UPDATE responses SET revision = rowid WHERE revision = 0'),
      env.DB.prepare('DROP INDEX responses_by_revision'),
      env.DB.prepare(revisionIndex),
    ]);
    before = await snapshot();
    expect(before.alerts).toHaveLength(2);
    expect(before.deliveries).toHaveLength(2);
    expect(before.followUps).toHaveLength(2);
    expect(before.touches).toHaveLength(1);
    expect(before.contactAnswers).toHaveLength(2);
    expect(before.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['responses_by_survey', 'responses_by_revision', 'responses_to_follow_up_by_ref', 'alerts_not_enqueued', 'follow_ups_by_owner']));
    expect(await hits('parcel')).toEqual([(await rowOf(seeded.late))!.rowid, (await rowOf(seeded.invited))!.rowid]);

    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.filter((m) => m.name <= `${MIGRATION}~`));
    after = await snapshot();
    alertIndexes = await all(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' ORDER BY name`);
    // Then the ones after it, which the Worker under test expects.
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  });

  it('keeps every row, rowid, trigger and the view; the two keys are partial indexes and an alert has one index', async () => {
    expect(after).toEqual(before);
    expect(await all(`SELECT name FROM sqlite_master WHERE tbl_name = 'responses' AND name LIKE 'sqlite_autoindex_%'`)).toEqual([{ name: 'sqlite_autoindex_responses_1' }]);
    const partial = await all(`SELECT name, sql FROM sqlite_master WHERE name IN ('responses_by_invitation', 'responses_by_idempotency_key') ORDER BY name`);
    expect(partial.map((i) => i.sql)).toEqual([
      'CREATE UNIQUE INDEX responses_by_idempotency_key ON responses (idempotency_key) WHERE idempotency_key IS NOT NULL',
      'CREATE UNIQUE INDEX responses_by_invitation ON responses (invitation_id) WHERE invitation_id IS NOT NULL',
    ]);
    // Alerts: the table is its response's key; the id (the delivery id) has the one index (the key itself since 0031).
    expect(alertIndexes).toEqual([
      { name: 'alerts_not_enqueued' },
      { name: 'sqlite_autoindex_alerts_1' },
    ]);
    // No old table is left.
    expect(await all(`SELECT name FROM sqlite_master WHERE name LIKE '%_0026'`)).toEqual([]);
    expect(await all('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('the queue consumer finds a migrated alert by its delivery id, through one index (its key since 0031), with its delivery', async () => {
    const [alert] = before.alerts as { id: string; response_id: string }[];
    const { binding, sent } = capturing(env.DB);
    expect(await findAlert(binding, alert!.id, 'webhook')).toMatchObject({ id: alert!.id, status: 'retrying', ref: (await rowOf(alert!.response_id))!.ref });
    const details = await plan(sent[0]!.sql, sent[0]!.values);
    expect(details.some((d) => /SEARCH a USING (PRIMARY KEY|(COVERING )?INDEX sqlite_autoindex_alerts_1) \(id=\?\)/.test(d))).toBe(true);
  });

  it('finds the same comments, and a new comment, through the search index', async () => {
    expect(await hits('parcel')).toEqual([(await rowOf(seeded.late))!.rowid, (await rowOf(seeded.invited))!.rowid]);
    expect(await hits('forsening')).toEqual([(await rowOf(seeded.passive))!.rowid]);
    const res = await request('/api/surveys/demo/responses.json?q=parcel', { headers: admin });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Nobody called about the parcel');
    const later = await answer({ score: 9, reason: 'Parcel on time this week' });
    expect(await hits('parcel')).toContain((await rowOf(later))!.rowid);
  });

  it('a retried Idempotency-Key still returns the first answer, and answering the invitation again updates its answer', async () => {
    const count = async () => (await env.DB.prepare('SELECT count(*) AS n FROM responses').first<number>('n'))!;
    const n = await count();
    expect(await answer({ score: 8, reason: 'Fair price' }, { 'idempotency-key': key })).toBe(seeded.keyed);
    const { revision } = (await rowOf(seeded.invited))!;
    expect(await answer({ score: 9, reason: 'They called after all', invitation: seeded.token })).toBe(seeded.invited);
    expect(await count()).toBe(n);
    const again = (await rowOf(seeded.invited))!;
    expect(again).toMatchObject({ score: 9, category: 'promoter', reason: 'They called after all' });
    // The rollup's stream: the update takes a revision above every other.
    expect(again.revision as number).toBeGreaterThan(revision as number);
    expect(await env.DB.prepare('SELECT max(revision) AS m FROM responses').first('m')).toBe(again.revision);
    // Link answers without a key do not collide on NULL.
    expect(await answer({ score: 3 })).not.toBe(await answer({ score: 3 }));
    // One alert per response still holds: the edited detractor answer raised none twice.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM alerts WHERE response_id = ?').bind(seeded.invited).first('n')).toBe(1);
  });

  it('erasing a person still takes their answer with its alert, deliveries, follow-up, history and touches', async () => {
    const erased = await request(`/api/contacts/${encodeURIComponent(seeded.email)}`, { method: 'DELETE', headers: admin });
    expect(erased.status).toBe(200);
    const left = await env.DB.batch([
      env.DB.prepare('SELECT count(*) AS n FROM responses WHERE id = ?1 AND (reason IS NOT NULL OR contact_id IS NOT NULL)').bind(seeded.invited),
      env.DB.prepare('SELECT count(*) AS n FROM alerts WHERE response_id = ?1').bind(seeded.invited),
      env.DB.prepare('SELECT count(*) AS n FROM alert_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE response_id = ?1)').bind(seeded.invited),
      env.DB.prepare('SELECT count(*) AS n FROM follow_ups WHERE response_id = ?1').bind(seeded.invited),
      env.DB.prepare('SELECT count(*) AS n FROM follow_up_history WHERE response_id = ?1').bind(seeded.invited),
      env.DB.prepare('SELECT count(*) AS n FROM touches'),
    ]);
    expect(left.map((r) => (r.results[0] as { n: number }).n)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await hits('nobody')).toEqual([]);
    // The link answer's alert goes with its response, and its deliveries with the alert.
    const alert = (await env.DB.prepare('SELECT id FROM alerts WHERE response_id = ?').bind(seeded.late).first<string>('id'))!;
    await env.DB.prepare('DELETE FROM responses WHERE id = ?').bind(seeded.late).run();
    expect(await env.DB.prepare('SELECT count(*) AS n FROM alert_deliveries WHERE alert_id = ?').bind(alert).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM follow_ups WHERE response_id = ?').bind(seeded.late).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM follow_up_history WHERE response_id = ?').bind(seeded.late).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM alerts WHERE id = ?').bind(alert).first('n')).toBe(0);
  });
});
