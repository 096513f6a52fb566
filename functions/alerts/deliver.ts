/** The ALERTS queue's consumer: delivers each alert to its target, with backoff; the dead-letter queue's records the give-ups. */
import { backoffSeconds, segmentPath, signature, slackMessage, webhookBody, type Alert } from '@/alerts/payload';
import { getSurvey } from '../surveys/catalog';
import { findAlert, recordAttempt, type AlertRow } from '../db/alerts';
import type { AlertMessage } from './enqueue';

/** The dead-letter queue's name in wrangler.toml: its batches are deliveries that gave up. */
export const DEAD_LETTER_QUEUE = 'nps-alerts-dead';

/** The follow-up link: the answer's item on the follow-up queue (README, "Follow-ups"). */
function followUpUrl(origin: string, row: AlertRow) {
  return `${origin}/results/follow-ups/${row.ref}`;
}

function alertOf(row: AlertRow, origin: string): Alert {
  return {
    id: row.id,
    survey: row.survey,
    createdAt: new Date(row.created_at).toISOString(),
    response: {
      ref: row.ref,
      score: row.score,
      category: row.category,
      reason: row.reason,
      segments: JSON.parse(row.segments) as Record<string, string>,
      locale: row.locale,
      createdAt: new Date(row.answered_at).toISOString(),
    },
    url: followUpUrl(origin || '', row),
  };
}

/** The request to the message's target; null when that target is no longer set. */
async function requestFor(env: Env, message: AlertMessage, alert: Alert, now: number): Promise<Request | null> {
  if (message.target === 'slack') {
    if (!env.SLACK_WEBHOOK_URL) return null;
    const dimensions = getSurvey(alert.survey)?.segments ?? Object.keys(alert.response.segments);
    return new Request(env.SLACK_WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackMessage(alert, segmentPath(dimensions, alert.response.segments))),
    });
  }
  if (!env.ALERT_WEBHOOK_URL || !env.ALERT_WEBHOOK_SECRET) return null;
  const body = JSON.stringify(webhookBody(alert));
  return new Request(env.ALERT_WEBHOOK_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-NPS-Delivery': alert.id,
      'X-NPS-Signature': await signature(env.ALERT_WEBHOOK_SECRET, body, Math.floor(now / 1000)),
    },
    body,
  });
}

async function deliverOne(env: Env, message: Message<AlertMessage>, now: () => number) {
  const { alert: id, target, origin } = message.body;
  const row = await findAlert(env.DB, id, target);
  // Gone (the response was erased) or made already (a message sent twice): nothing to do.
  if (!row || row.status === 'delivered') return message.ack();
  const alert = alertOf(row, origin);
  const request = await requestFor(env, message.body, alert, now());
  if (!request) return message.ack();
  let failure: { httpStatus?: number; error: string };
  try {
    const res = await fetch(request, { signal: AbortSignal.timeout(10_000) });
    if (res.ok) {
      await recordAttempt(env.DB, id, target, { status: 'delivered', httpStatus: res.status }, now());
      return message.ack();
    }
    failure = { httpStatus: res.status, error: `HTTP ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`.trim() };
  } catch (error) {
    failure = { error: error instanceof Error ? error.message : String(error) };
  }
  await recordAttempt(env.DB, id, target, { status: 'retrying', ...failure }, now());
  message.retry({ delaySeconds: backoffSeconds(message.attempts) });
}

/** The queue() handler: each message on its own, so one target down never holds up another. */
export async function handleAlertBatch(batch: MessageBatch<AlertMessage>, env: Env, now: () => number = Date.now) {
  for (const message of batch.messages) {
    try {
      if (batch.queue === DEAD_LETTER_QUEUE) {
        await recordAttempt(env.DB, message.body.alert, message.body.target, { status: 'dead' }, now());
        message.ack();
      } else {
        await deliverOne(env, message, now);
      }
    } catch (error) {
      // D1 down: the queue brings the message back later.
      console.error('alert delivery failed before its attempt was recorded', error);
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
