/** The Cron Triggers' handler (wrangler.toml), apart from the Worker's entry so tests run it without Astro's build: the rollup, its sweeps and waves every 15 minutes; the weekly digest. */
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from './rollup';
import { sweepAlerts, SWEEP_QUERIES } from '../alerts/enqueue';
import { runWeeklyDigest } from '../digest/weekly';
import { retentionQueries, sweepRetention } from './retention';
import { MAIL_SWEEP_QUERIES, sweepMails } from '../mail/enqueue';
import { runWaves, waveQueries } from './waves';

/** The rollup's Cron Trigger (wrangler.toml); any other is the weekly digest's, whose time can change there alone. */
export const ROLLUP_CRON = '*/15 * * * *';

/**
 * Every 15 minutes: fold new answers into the rollups, put on the queues any alert or mail whose
 * send failed, send waves, and erase what a survey's retentionDays no longer keeps; all share the
 * invocation's D1 queries. The other: the weekly digest (its own invocation, DIGEST_QUERIES of its 50).
 */
export function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  if (controller.cron !== ROLLUP_CRON) {
    ctx.waitUntil(runWeeklyDigest(env, controller.scheduledTime).then((report) => console.log('digest', JSON.stringify(report))));
    return;
  }
  const retention = retentionQueries();
  const waves = waveQueries();
  const rollupQueries = D1_QUERIES_PER_INVOCATION - SWEEP_QUERIES - MAIL_SWEEP_QUERIES - retention - waves;
  ctx.waitUntil(foldNewRows(env.DB, { maxQueries: rollupQueries }).then((report) => console.log('rollup', JSON.stringify(report))));
  ctx.waitUntil(sweepAlerts(env).then((n) => n > 0 && console.log('alerts re-sent', n)));
  ctx.waitUntil(sweepMails(env).then((n) => n > 0 && console.log('mails re-sent', n)));
  // Waves (README, "Waves"): a start, a batch of invitations or of reminders, on the scheduled (mockable) clock.
  if (waves) ctx.waitUntil(runWaves(env, controller.scheduledTime).then((report) => console.log('waves', JSON.stringify(report))));
  // Counts only: the log never names a person.
  if (retention) ctx.waitUntil(sweepRetention(env.DB, { suppressionKey: env.SUPPRESSION_KEY }).then((report) => console.log('retention', JSON.stringify(report))));
}
