/** The Cron Triggers' handler (wrangler.toml), apart from the Worker's entry so tests run it without Astro's build: the rollup, its sweeps and waves every few minutes; the weekly digest. */
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from './rollup';
import { readRollupBudget, RollupBudgetError, type RollupBudget } from './rollup-budget';
import { ALERT_SWEEP_BATCH, sweepAlerts, SWEEP_QUERIES } from '../alerts/enqueue';
import { runWeeklyDigest } from '../digest/weekly';
import { RETENTION_STEP, retentionQueries, sweepRetention } from './retention';
import { MAIL_SWEEP_BATCH, MAIL_SWEEP_QUERIES, sweepMails } from '../mail/enqueue';
import { runWaves, WAVE_BATCH, waveQueries } from './waves';

/** The rollup's Cron Trigger on Workers Paid (wrangler.toml): every 15 minutes, everything in one invocation. */
export const ROLLUP_CRON = '*/15 * * * *';
/** On Workers Free (README, "Workers Free"): every minute, with ROLLUP_ROWS_PER_RUN. */
export const FREE_ROLLUP_CRON = '* * * * *';

const MINUTE_MS = 60_000;

/**
 * The minutes between runs when `cron` is the rollup's: "* * * * *" or "*\/N * * * *" (every N
 * minutes); undefined for any other, which is the weekly digest's, whose time can change there alone.
 */
export function rollupCadence(cron: string): number | undefined {
  const every = /^\*(?:\/([1-9]\d?))? \* \* \* \*$/.exec(cron.trim());
  return every ? Number(every[1] ?? 1) : undefined;
}

export type SweepName = 'alerts' | 'mails' | 'waves' | 'retention';

/**
 * Each sweep: the D1 queries it takes from its invocation's 50 (0: nothing to do for these surveys),
 * and its run, of at most `rows` rows when ROLLUP_ROWS_PER_RUN sets a budget (Workers Free), so a
 * wave's batch or a retention step stays inside the invocation's 10 ms as the rollup's share does.
 */
const SWEEPS: Record<SweepName, { queries: () => number; run: (env: Env, now: number, rows?: number) => Promise<unknown> }> = {
  alerts: { queries: () => SWEEP_QUERIES, run: (env, now, rows) => sweepAlerts(env, now, within(ALERT_SWEEP_BATCH, rows)).then((n) => n > 0 && console.log('alerts re-sent', n)) },
  mails: { queries: () => MAIL_SWEEP_QUERIES, run: (env, now, rows) => sweepMails(env, now, within(MAIL_SWEEP_BATCH, rows)).then((n) => n > 0 && console.log('mails re-sent', n)) },
  // Waves (README, "Waves"): a start, a batch of invitations or of reminders, on the scheduled (mockable) clock.
  waves: { queries: waveQueries, run: (env, now, rows) => runWaves(env, now, undefined, within(WAVE_BATCH, rows)).then((report) => console.log('waves', JSON.stringify(report))) },
  // Counts only: the log never names a person.
  retention: {
    queries: retentionQueries,
    run: (env, now, rows) =>
      sweepRetention(env.DB, { suppressionKey: env.SUPPRESSION_KEY, stepSize: within(RETENTION_STEP, rows) }).then((report) => console.log('retention', JSON.stringify(report))),
  },
};

/** A sweep's own batch, or the run's budget of rows when that is smaller. */
const within = (batch: number, rows: number | undefined) => (rows === undefined ? batch : Math.min(batch, rows));

/** What one invocation runs: the digest, or the rollup within its budgets (none when its setting is bad) and some sweeps. */
export type CronWork =
  | { digest: true }
  | { rollup: { maxQueries: number; maxRows?: number } | null; sweeps: SweepName[] };

/**
 * The work of the invocation of `cron` scheduled at `time`. Without a budget (Workers Paid) each
 * run folds what D1's queries allow and runs every sweep. With one (Workers Free's 10 ms of CPU)
 * each run folds at most `budget` rows and takes one sweep in turn, so no invocation runs all of
 * them: at a run a minute, each sweep every 4 minutes (2 when no survey has waves or retentionDays).
 */
export function planCron(cron: string, time: number, budget: RollupBudget | RollupBudgetError): CronWork {
  const cadence = rollupCadence(cron);
  if (cadence === undefined) return { digest: true };
  const due = (Object.keys(SWEEPS) as SweepName[]).filter((name) => SWEEPS[name].queries() > 0);
  const sweeps = budget === undefined ? due : [due[Math.floor(time / (cadence * MINUTE_MS)) % due.length]!];
  const maxQueries = D1_QUERIES_PER_INVOCATION - sweeps.reduce((sum, name) => sum + SWEEPS[name].queries(), 0);
  if (budget instanceof RollupBudgetError) return { rollup: null, sweeps };
  return { rollup: budget === undefined ? { maxQueries } : { maxQueries, maxRows: budget }, sweeps };
}

/**
 * The rollup's runs fold new answers into the rollups, put on the queues any alert or mail whose
 * send failed, send waves, and erase what a survey's retentionDays no longer keeps; all share the
 * invocation's D1 queries. The other: the weekly digest (its own invocation, DIGEST_QUERIES of its 50).
 */
export function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  const budget = readRollupBudget(env);
  const work = planCron(controller.cron, controller.scheduledTime, budget);
  const runs: Promise<unknown>[] = [];
  if ('digest' in work) {
    runs.push(runWeeklyDigest(env, controller.scheduledTime).then((report) => console.log('digest', JSON.stringify(report))));
  } else {
    // A bad setting refuses the rollup, every run, in words that name the var; the sweeps still run.
    if (budget instanceof RollupBudgetError) console.error(budget.message);
    if (work.rollup) runs.push(foldNewRows(env.DB, work.rollup).then((report) => console.log('rollup', JSON.stringify(report))));
    const rows = typeof budget === 'number' ? budget : undefined;
    runs.push(...work.sweeps.map((name) => SWEEPS[name].run(env, controller.scheduledTime, rows)));
  }
  for (const run of runs) ctx.waitUntil(run);
}
