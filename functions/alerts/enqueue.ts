/** Puts alerts on the ALERTS queue: right after the answer, and again from the Cron sweep if that failed. */
import type { AlertTarget } from '@/alerts/payload';
import { markEnqueued, notEnqueued } from '../db/alerts';
import { afterReply } from '../http/background';

/** A queue message: one alert to one target; `origin` is where the follow-up link points. */
export interface AlertMessage {
  alert: string;
  target: AlertTarget;
  origin: string;
}

/** The targets set in vars or secrets (README, "Alerts"): none set, none sent. */
export function alertTargets(env: Pick<Env, 'SLACK_WEBHOOK_URL' | 'ALERT_WEBHOOK_URL' | 'ALERT_WEBHOOK_SECRET'>): AlertTarget[] {
  const targets: AlertTarget[] = [];
  if (env.SLACK_WEBHOOK_URL) targets.push('slack');
  if (env.ALERT_WEBHOOK_URL && env.ALERT_WEBHOOK_SECRET) targets.push('webhook');
  return targets;
}

/**
 * Sends the alerts to the queue, then marks them sent. A failure leaves them unmarked for the sweep
 * (and is logged, never thrown: the answer is stored already). Sent twice (marking failed after the
 * send) is harmless: the consumer skips a delivery already made.
 */
export async function enqueueAlerts(env: Env, ids: string[], origin: string, now = Date.now()) {
  if (ids.length === 0) return;
  const targets = alertTargets(env);
  try {
    if (targets.length > 0) {
      const messages = ids.flatMap((alert) => targets.map((target) => ({ body: { alert, target, origin } satisfies AlertMessage })));
      await env.ALERTS.sendBatch(messages);
    }
    await markEnqueued(env.DB, ids, targets, now);
  } catch (error) {
    console.error('alerts not enqueued, the scheduled sweep sends them', ids.length, error);
  }
}

/** Alerts older than this and still not on the queue are the sweep's (younger ones may be on their way). */
export const SWEEP_GRACE_MS = 60_000;

/** D1 queries a sweep makes at most (D1 counts each statement of a batch): the read, the mark, a delivery row per target. */
export const SWEEP_QUERIES = 1 + 1 + 2;

/** Alerts a sweep re-sends at most. */
export const ALERT_SWEEP_BATCH = 50;

/** The Cron sweep: re-sends up to `limit` alerts whose send failed (a queue outage loses nothing). */
export async function sweepAlerts(env: Env, now = Date.now(), limit = ALERT_SWEEP_BATCH) {
  const ids = await notEnqueued(env.DB, now - SWEEP_GRACE_MS, limit);
  await enqueueAlerts(env, ids, env.PUBLIC_URL || '', now);
  return ids.length;
}

/**
 * After an answer raised an alert: enqueued once the response is sent (waitUntil), or awaited where
 * there is no execution context. Never throws, so the stored answer is answered 201 all the same.
 * With no target set the answer's own batch wrote the alert as queued: nothing is left to do.
 */
export async function afterAnswer(c: Parameters<typeof afterReply>[0] & { env: Env; req: { url: string } }, alert: string | undefined) {
  if (!alert || alertTargets(c.env).length === 0) return;
  await afterReply(c, enqueueAlerts(c.env, [alert], c.env.PUBLIC_URL || new URL(c.req.url).origin));
}
