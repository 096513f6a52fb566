import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { rollupBudget, RollupBudgetError } from '../../functions/jobs/rollup-budget';
import { FREE_ROLLUP_CRON, planCron, ROLLUP_CRON, scheduled, type SweepName } from '../../functions/jobs/scheduled';
import { SWEEP_GRACE_MS } from '../../functions/alerts/enqueue';
import { pathKey } from '@/report/segments';
import { admin, postJson, request, uniqueName } from '../support/api';
import { recordingQueue } from '../support/alert-queue';
import { recordingMailQueue } from '../support/mail-queue';
import type { Wave } from '@/schemas/wave';
import { backlog } from '../support/backlog';
import { daysAgreeWithScan, fullScan, rollups } from '../support/rollup-oracle';

const MINUTE = 60_000;
const DIGEST_CRON = '0 7 * * MON';
const WEBHOOK = { ALERT_WEBHOOK_URL: 'https://hooks.example/nps', ALERT_WEBHOOK_SECRET: 'whsec-test' };

/**
 * One invocation of `cron` at `at`, as Cloudflare calls the Worker (functions/worker.ts hands it to
 * this handler), with `vars` over the test's. Without PUBLIC_URL no scheduled wave starts, so the
 * waves' turn finds nothing to do whatever the clock says.
 */
async function cron(expression: string, vars: Partial<Env> = {}, at = Date.now()) {
  const ctx = createExecutionContext();
  scheduled(createScheduledController({ cron: expression, scheduledTime: at }), { ...env, PUBLIC_URL: '', ...vars }, ctx);
  await waitOnExecutionContext(ctx);
}

/** Answers the rollup has folded for a department (its own path). */
const folded = async (department: string) =>
  (await env.DB.prepare(`SELECT coalesce(sum(answers), 0) AS n FROM rollup_days WHERE survey = 'demo' AND segment_path = ?`).bind(pathKey([department])).first<{ n: number }>())!.n;

/** Invitations the rollup has counted for a department. */
const invitationsFolded = async (department: string) =>
  (await env.DB.prepare(`SELECT coalesce(sum(invitations), 0) AS n FROM rollup_invitations WHERE survey = 'demo' AND segment_path = ?`).bind(pathKey([department])).first<{ n: number }>())!.n;

async function caughtUp() {
  while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
}

/** A minute at which the Workers Free cron's turn is `sweep`. */
function minuteOf(sweep: SweepName, rows = 30) {
  const start = Math.floor(Date.now() / MINUTE) * MINUTE;
  for (let m = 0; m < 12; m++) {
    const work = planCron(FREE_ROLLUP_CRON, start + m * MINUTE, rows);
    if ('sweeps' in work && work.sweeps.includes(sweep)) return start + m * MINUTE;
  }
  throw new Error(`no turn for ${sweep}`);
}

afterEach(() => vi.restoreAllMocks());

describe('ROLLUP_ROWS_PER_RUN: the rollup within a budget of rows per Cron invocation', () => {
  it('each run folds at most its budget, the next carries on, and the figures end equal to a full scan', async () => {
    await caughtUp();
    const department = uniqueName('Budget');
    // 95 answers and 64 invitations (backlog: every third answer invited, and one more not answered).
    await backlog(95, { department });
    const seen: number[] = [];
    for (let run = 1; run <= 4; run++) {
      await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '20' }, Date.now() + run * MINUTE);
      seen.push(await folded(department));
    }
    // The answers come first, 20 a run; the invitations wait for them.
    expect(seen).toEqual([20, 40, 60, 80]);
    expect(await invitationsFolded(department)).toBe(0);
    // 15 answers and 5 invitations, then 20 invitations a run until all 64 are in: 4 runs.
    for (let run = 5; run <= 8; run++) await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '20' }, Date.now() + run * MINUTE);
    expect([await folded(department), await invitationsFolded(department)]).toEqual([95, 64]);
    expect(await foldNewRows(env.DB)).toMatchObject({ responses: 0, invitations: 0, caughtUp: true });
    expect(await rollups()).toEqual(await fullScan());
    await daysAgreeWithScan();
  });

  it('two runs at once never fold the same rows: each within its budget, the figures exact', async () => {
    await caughtUp();
    const department = uniqueName('Together');
    await backlog(60, { department });
    await Promise.all([cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '25' }), cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '25' })]);
    // One lost its claim and stopped, or both folded a step of their own: never the same answer twice.
    expect([25, 50]).toContain(await folded(department));
    await caughtUp();
    expect(await folded(department)).toBe(60);
    expect(await rollups()).toEqual(await fullScan());
  });

  it('without it (Workers Paid, the default) one run folds everything new', async () => {
    await caughtUp();
    const department = uniqueName('Paid');
    await backlog(300, { department });
    await cron(ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '' });
    expect([await folded(department), await invitationsFolded(department)]).toEqual([300, 200]);
  });

  it('reads a whole number from 1 to 100,000, or nothing; refuses anything else naming the var and the value', () => {
    expect([rollupBudget({ ROLLUP_ROWS_PER_RUN: '' }), rollupBudget({}), rollupBudget({ ROLLUP_ROWS_PER_RUN: ' 30 ' }), rollupBudget({ ROLLUP_ROWS_PER_RUN: '100000' })]).toEqual([
      undefined,
      undefined,
      30,
      100_000,
    ]);
    for (const bad of ['0', '-5', '2.5', '1e3', 'thirty', '100001', '30 rows', '0x1f']) {
      expect(() => rollupBudget({ ROLLUP_ROWS_PER_RUN: bad }), bad).toThrow(RollupBudgetError);
      expect(() => rollupBudget({ ROLLUP_ROWS_PER_RUN: bad }), bad).toThrow(`ROLLUP_ROWS_PER_RUN (wrangler.toml [vars]) is ${JSON.stringify(bad)}`);
    }
  });

  it('a bad value: the Cron run folds nothing and logs why, names the var, does not fail, and its sweep still runs', async () => {
    await caughtUp();
    const department = uniqueName('Refused');
    await backlog(10, { department });
    // An alert whose queue send failed two minutes ago: the alert sweep's to re-send.
    const down = recordingQueue(true);
    const res = await postJson('/api/surveys/demo/responses', { score: 0, reason: 'refused run' }, {}, { ...down, ...WEBHOOK });
    const { id } = await res.json<{ id: string }>();
    await env.DB.prepare('UPDATE alerts SET created_at = created_at - ?2 WHERE response_id = ?1').bind(id, 2 * SWEEP_GRACE_MS).run();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const up = recordingQueue();
    await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: 'thirty', ...up, ...WEBHOOK }, minuteOf('alerts'));
    expect(await folded(department)).toBe(0);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^ROLLUP_ROWS_PER_RUN \(wrangler\.toml \[vars\]\) is "thirty": it takes a whole number/));
    expect(up.sent.map((m) => m.target)).toEqual(['webhook']);
    // Fixed, the next run folds.
    await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '30' });
    expect(await folded(department)).toBe(10);
  });
});

describe('POST /api/admin/regenerate under ROLLUP_ROWS_PER_RUN', () => {
  it('folds at most the budget a call, caughtUp false until the last', async () => {
    await caughtUp();
    const department = uniqueName('Regenerate');
    await backlog(45, { department });
    const regenerate = async () => {
      const res = await request('/api/admin/regenerate', { method: 'POST', headers: admin }, { ROLLUP_ROWS_PER_RUN: '20' });
      expect(res.status).toBe(200);
      return res.json<{ responses: number; invitations: number; caughtUp: boolean }>();
    };
    expect(await regenerate()).toMatchObject({ responses: 20, invitations: 0, caughtUp: false });
    expect(await regenerate()).toMatchObject({ responses: 20, invitations: 0, caughtUp: false });
    // 5 answers and 15 of the 30 invitations; then the other 15.
    expect(await regenerate()).toMatchObject({ responses: 5, invitations: 15, caughtUp: false });
    expect(await regenerate()).toMatchObject({ responses: 0, invitations: 15, caughtUp: true });
    expect(await folded(department)).toBe(45);
  });

  it('a bad value is a 503 naming the var and its value, with nothing folded', async () => {
    await caughtUp();
    const department = uniqueName('RegenerateRefused');
    await backlog(5, { department });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request('/api/admin/regenerate', { method: 'POST', headers: admin }, { ROLLUP_ROWS_PER_RUN: '-1' });
    expect(res.status).toBe(503);
    const body = await res.json<{ error: string; issues: { path: string; code: string; message: string }[] }>();
    expect(body.issues).toEqual([{ path: 'ROLLUP_ROWS_PER_RUN', code: 'invalid', message: expect.stringContaining('ROLLUP_ROWS_PER_RUN (wrangler.toml [vars]) is "-1"') }]);
    expect(errors).toHaveBeenCalledWith(body.error);
    expect(await folded(department)).toBe(0);
  });
});

describe('the Cron dispatch: the work of each Cron string', () => {
  it('every 15 minutes without a budget: the rollup with what D1 queries the sweeps leave, and every sweep', () => {
    const work = planCron(ROLLUP_CRON, Date.now(), undefined);
    // The shipped surveys: demo declares waves, none keeps answers for a limited time (4 + 3 + 8 queries).
    expect(work).toEqual({ rollup: { maxQueries: 50 - 4 - 3 - 8 }, sweeps: ['alerts', 'mails', 'waves'] });
  });

  it('every minute with a budget: the rollup within it, and one sweep a minute in turn, each in its own invocation', () => {
    // Midnight: a whole number of runs at every minute and every 5 minutes since the epoch, both multiples of 3.
    const start = Date.UTC(2027, 0, 4);
    const plans = Array.from({ length: 6 }, (_, m) => planCron(FREE_ROLLUP_CRON, start + m * MINUTE, 30));
    expect(plans).toEqual([
      { rollup: { maxQueries: 46, maxRows: 30 }, sweeps: ['alerts'] },
      { rollup: { maxQueries: 47, maxRows: 30 }, sweeps: ['mails'] },
      { rollup: { maxQueries: 42, maxRows: 30 }, sweeps: ['waves'] },
      { rollup: { maxQueries: 46, maxRows: 30 }, sweeps: ['alerts'] },
      { rollup: { maxQueries: 47, maxRows: 30 }, sweeps: ['mails'] },
      { rollup: { maxQueries: 42, maxRows: 30 }, sweeps: ['waves'] },
    ]);
    // Every 5 minutes: the turns follow the runs, not the clock's minutes.
    expect(planCron('*/5 * * * *', start + 5 * MINUTE, 30)).toMatchObject({ sweeps: ['mails'] });
  });

  it('any other string is the weekly digest, with no rollup and no sweep; every N minutes is the rollup', () => {
    for (const digest of [DIGEST_CRON, '30 6 * * 1', '*/15 7 * * MON']) expect(planCron(digest, Date.now(), 30), digest).toEqual({ digest: true });
    for (const rollup of ['*/15 * * * *', '* * * * *', '*/2 * * * *', '*/30 * * * *']) expect(planCron(rollup, Date.now(), undefined), rollup).toHaveProperty('rollup');
  });

  it('"* * * * *" folds and sends no digest; the digest\'s string sends digests and folds nothing', async () => {
    await caughtUp();
    const department = uniqueName('Minute');
    await backlog(6, { department });
    const minute = recordingQueue();
    await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '30', ...minute, ...WEBHOOK }, minuteOf('mails'));
    expect(await folded(department)).toBe(6);
    expect(minute.sent).toEqual([]);

    await backlog(4, { department });
    const monday = recordingQueue();
    await cron(DIGEST_CRON, { ROLLUP_ROWS_PER_RUN: '30', ...monday, ...WEBHOOK });
    expect(await folded(department)).toBe(6);
    expect(monday.sent.length).toBeGreaterThan(0);
  });

  it('with a budget the alert sweep runs in its turn only', async () => {
    const down = recordingQueue(true);
    const res = await postJson('/api/surveys/demo/responses', { score: 1, reason: 'its turn' }, {}, { ...down, ...WEBHOOK });
    const { id } = await res.json<{ id: string }>();
    await env.DB.prepare('UPDATE alerts SET created_at = created_at - ?2 WHERE response_id = ?1').bind(id, 2 * SWEEP_GRACE_MS).run();
    const alert = (await env.DB.prepare('SELECT id FROM alerts WHERE response_id = ?').bind(id).first<{ id: string }>())!.id;
    const others = recordingQueue();
    await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '30', ...others, ...WEBHOOK }, minuteOf('mails'));
    await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '30', ...others, ...WEBHOOK }, minuteOf('waves'));
    expect(others.sent).toEqual([]);
    const turn = recordingQueue();
    await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '30', ...turn, ...WEBHOOK }, minuteOf('alerts'));
    expect(turn.sent).toContainEqual(expect.objectContaining({ alert, target: 'webhook' }));
  });
});

describe('the sweeps within ROLLUP_ROWS_PER_RUN: no batch larger than the run\'s budget', () => {
  /** The minutes from `from` on whose Workers Free turn is `sweep`, `count` of them. */
  function turns(sweep: SweepName, from: number, count: number, rows = 15) {
    const found: number[] = [];
    for (let at = from; found.length < count; at += MINUTE) {
      const work = planCron(FREE_ROLLUP_CRON, at, rows);
      if ('sweeps' in work && work.sweeps.includes(sweep)) found.push(at);
    }
    return found;
  }

  it('a wave invites at most the budget a run, and finishes', async () => {
    const contacts = Array.from({ length: 40 }, (_, i) => ({ email: `budget-wave-${i}@example.com`, segments: { department: 'Budgeted' } }));
    expect((await postJson('/api/contacts', { contacts }, admin)).status).toBe(200);
    // demo.yaml: a wave every 6 months from 2026-03-01; this one is its slot of 2027-09-01.
    const slot = Date.parse('2027-09-01T00:00:00Z');
    const queue = recordingMailQueue();
    const vars = { ROLLUP_ROWS_PER_RUN: '15', PUBLIC_URL: 'https://nps.example', ...queue };
    const invited: number[] = [];
    for (const at of turns('waves', slot, 4)) {
      await cron(FREE_ROLLUP_CRON, vars, at);
      const res = await request('/api/surveys/demo/waves', { headers: admin });
      invited.push((await res.json<{ waves: Wave[] }>()).waves[0]?.invited ?? 0);
    }
    // The first turn starts the wave; then 15, 15 and the last 10, where 500 would have gone at once.
    expect(invited).toEqual([0, 15, 30, 40]);
    expect(queue.sent.flatMap((m) => m.mails)).toHaveLength(40);
  });

  it('the alert sweep re-sends at most the budget a run', async () => {
    const down = recordingQueue(true);
    for (let i = 0; i < 3; i++) {
      const res = await postJson('/api/surveys/demo/responses', { score: 0, reason: `budget ${i}` }, {}, { ...down, ...WEBHOOK });
      expect(res.status).toBe(201);
    }
    await env.DB.prepare('UPDATE alerts SET created_at = created_at - ?1 WHERE enqueued_at IS NULL').bind(2 * SWEEP_GRACE_MS).run();
    const sent: number[] = [];
    for (const at of turns('alerts', Date.now(), 2, 2)) {
      const up = recordingQueue();
      await cron(FREE_ROLLUP_CRON, { ROLLUP_ROWS_PER_RUN: '2', ...up, ...WEBHOOK }, at);
      sent.push(up.sent.length);
    }
    expect(sent).toEqual([2, 1]);
  });
});
