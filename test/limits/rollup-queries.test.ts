import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { admin, postJson, request } from '../support/api';
import { backlog } from '../support/backlog';
import { capturing, plan } from '../support/capturing-d1';
import { countingD1 } from '../support/counting-d1';
import { changedResponses } from '../../functions/db/rollups';
import { recordingD1 } from '../support/recording-d1';
import { D1_LIMITS } from '../../functions/db/d1-limits';
import { daysAgreeWithScan } from '../support/rollup-oracle';

/**
 * D1 allows 50 queries per invocation on the free plan, each statement of a batch counted: the
 * scheduled rollup on a backlog of thousands of answers, counted through a wrapped binding.
 */
const LIMIT = 50;

describe('the scheduled rollup stays inside 50 queries per run', () => {
  it('folds a backlog of 5,000 answers and 3,300 invitations in runs of at most 50 queries', async () => {
    await backlog(5000);
    const runs: number[] = [];
    let report;
    do {
      const db = countingD1(env.DB);
      // As the Cron Trigger calls it (functions/worker.ts).
      report = await foldNewRows(db.binding);
      runs.push(db.queries);
      expect(runs.length).toBeLessThan(10);
    } while (!report.caughtUp);
    expect(Math.max(...runs)).toBeLessThanOrEqual(LIMIT);
    // Steps of up to 4,000 rows (as many as fit D1's 1 MB a value) and of 14 queries: two runs, where 1,000-row steps of 13 took three.
    expect(runs.length).toBe(2);
    const totals = await env.DB.prepare(
      `SELECT (SELECT sum(answers) FROM rollup_days WHERE survey = 'demo' AND segment_path = '[]') AS answers,
              (SELECT sum(invitations) FROM rollup_invitations WHERE survey = 'demo' AND segment_path = '[]') AS invitations`,
    ).first<{ answers: number; invitations: number }>();
    expect(totals).toEqual({ answers: 5000, invitations: 2 * Math.ceil(5000 / 3) });
    console.log(`rollup of 5,000 answers: ${runs.length} runs of ${runs.join(', ')} queries`);
  });

  it('a step folds all 4,000 answers it reads, in one batch within D1 limits: its payloads are sized as aggregated, not row by row', async () => {
    await backlog(4000);
    const d1 = recordingD1(env.DB);
    // One step: its read, then its batch.
    expect(await foldNewRows(d1.db, { maxSteps: 1 })).toMatchObject({ responses: 4000, caughtUp: false });
    expect(d1.sent.filter((s) => /^\s*WITH s AS \(SELECT after FROM rollup_state/.test(s.sql))).toHaveLength(1);
    expect(Math.max(...d1.sent.map((s) => s.largestValue))).toBeLessThanOrEqual(D1_LIMITS.valueBytes);
    expect(Math.max(...d1.sent.map((s) => s.parameters))).toBeLessThanOrEqual(D1_LIMITS.boundParameters);
    while (!(await foldNewRows(env.DB)).caughtUp);
    await daysAgreeWithScan();
  });

  it('refolds 400 edited answers in one step of 10 queries: the rows, their ledger rows and the position in one read, then one batch', async () => {
    await backlog(1000);
    while (!(await foldNewRows(env.DB)).caughtUp);
    // The 400 latest answers edited (a new score and comment, a new revision), as amendments would.
    await env.DB.prepare(
      `UPDATE responses SET score = 10 - score, reason = 'Edited', revision = rowid + 1000000
       WHERE id IN (SELECT id FROM responses ORDER BY rowid DESC LIMIT 400)`,
    ).run();
    const db = countingD1(env.DB);
    expect(await foldNewRows(db.binding)).toMatchObject({ responses: 400, caughtUp: true });
    // The step's read and its batch of 9: the claim (2), the days and the themes with their months (4), the
    // old memberships out, the ledger, the set-aside check. No statement for what has no rows: no new
    // memberships ('Edited' is in no theme), no invitation answered for the first time (at most 13 in all).
    // Then 2 to find nothing more and mark the responses caught up; 3 for the invitations (the position, nothing new, caught up).
    expect(db.queries).toBe(1 + 9 + 2 + 3);
    // Each edit moved its old contribution out: the tables say what a full scan says.
    await daysAgreeWithScan();
  });

  it('folds link answers without comments in a batch of 6: no statement for themes, memberships or invitations it has no rows for', async () => {
    while (!(await foldNewRows(env.DB)).caughtUp);
    for (const score of [10, 3, 8]) expect((await postJson('/api/surveys/demo/responses', { score, segments: { department: 'Plain' } })).status).toBe(201);
    const db = countingD1(env.DB);
    expect(await foldNewRows(db.binding)).toMatchObject({ responses: 3, caughtUp: true });
    // The read; the claim (2), the days and their month, the ledger, the set-aside check; 2 to find nothing more
    // and mark the responses caught up; 3 for the invitations (the position, nothing new, caught up).
    expect(db.queries).toBe(1 + 6 + 2 + 3);
    await daysAgreeWithScan();
  });

  it('POST /api/admin/regenerate stays inside 50 with its "data as of" read', async () => {
    // More than one run folds: three steps of 4,000 answers and one of invitations fill its queries.
    await backlog(13_000);
    const db = countingD1(env.DB);
    const res = await request('/api/admin/regenerate', { method: 'POST', headers: admin }, { DB: db.binding });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ caughtUp: false });
    expect(db.queries).toBeLessThanOrEqual(LIMIT);
    while (!(await foldNewRows(env.DB)).caughtUp);
  });

  it("reads a step's changed answers from two indexed streams, fresh by rowid and changed by revision, never a scan of responses", async () => {
    await backlog(600);
    await foldNewRows(env.DB);
    await backlog(20);
    // Five folded answers edited after the 20 new ones arrived: their revisions are above the new answers' rowids.
    await env.DB.prepare(`UPDATE responses SET reason = 'Edited', revision = (SELECT max(rowid) FROM responses) + rowid WHERE rowid IN (SELECT rowid FROM responses ORDER BY rowid LIMIT 5)`).run();
    const { binding, sent } = capturing(env.DB);
    const { changed: read } = await changedResponses(binding, 10);
    // The 10 lowest revisions, in order: 10 of the 20 new answers, whose revision is their rowid.
    expect(read.map((r) => r.revision)).toEqual([...read.map((r) => r.revision)].sort((a, b) => a - b));
    expect(read.map((r) => r.rowid)).toEqual(read.map((r) => r.revision));
    const { changed: all } = await changedResponses(env.DB, 100);
    expect(all.map((r) => r.reason === 'Edited')).toEqual([...Array(20).fill(false), ...Array(5).fill(true)]);
    const details = await plan(sent[0]!.sql, sent[0]!.values);
    expect(details.some((d) => d.includes('INDEX responses_by_revision (revision>?)'))).toBe(true);
    expect(details.some((d) => /SEARCH responses USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/.test(d))).toBe(true);
    expect(details.filter((d) => d.startsWith('SCAN responses'))).toEqual([]);
  });
});
