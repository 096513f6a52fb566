/** The ALERTS queue's consumer: delivers each alert or weekly digest to its target, with backoff; the dead-letter queue's records the give-ups. */
import { backoffSeconds, segmentPath, signature, slackMessage, webhookBody, type Alert, type AlertTarget } from '@/alerts/payload';
import type { Digest } from '@/digest/digest';
import { digestSlackMessage, digestWebhookBody } from '@/digest/payload';
import { getSurvey } from '../surveys/catalog';
import { findAlert, type AlertRow } from '../db/alerts';
import { findDigest } from '../db/digest';
import { recordAttempt, type DeliveryKind } from '../db/deliveries';
import type { AlertMessage } from './enqueue';

/** A weekly digest to one target (functions/digest/weekly.ts). */
export interface DigestMessage {
  digest: string;
  target: AlertTarget;
}

/** What the ALERTS queue carries; a message without `digest` is an alert's (as every message before digests). */
export type DeliveryMessage = AlertMessage | DigestMessage;

const deliveryOf = (body: DeliveryMessage): { kind: DeliveryKind; id: string } =>
  'digest' in body ? { kind: 'digest', id: body.digest } : { kind: 'alert', id: body.alert };

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

/** A delivery's payload for each target, and the id receivers see in X-NPS-Delivery. */
interface Payloads {
  id: string;
  slack: () => unknown;
  webhook: () => unknown;
}

/** The request to the target; null when that target is no longer set. */
async function requestFor(env: Env, target: AlertTarget, payloads: Payloads, now: number): Promise<Request | null> {
  if (target === 'slack') {
    if (!env.SLACK_WEBHOOK_URL) return null;
    return new Request(env.SLACK_WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payloads.slack()),
    });
  }
  if (!env.ALERT_WEBHOOK_URL || !env.ALERT_WEBHOOK_SECRET) return null;
  const body = JSON.stringify(payloads.webhook());
  return new Request(env.ALERT_WEBHOOK_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-NPS-Delivery': payloads.id,
      'X-NPS-Signature': await signature(env.ALERT_WEBHOOK_SECRET, body, Math.floor(now / 1000)),
    },
    body,
  });
}

function alertPayloads(row: AlertRow, origin: string): Payloads {
  const alert = alertOf(row, origin);
  const dimensions = getSurvey(alert.survey)?.segments ?? Object.keys(alert.response.segments);
  return { id: alert.id, slack: () => slackMessage(alert, segmentPath(dimensions, alert.response.segments)), webhook: () => webhookBody(alert) };
}

/** The payloads of the message's alert or digest, with its delivery's status; null once it is gone. */
async function payloadsOf(db: D1Database, body: DeliveryMessage) {
  if ('digest' in body) {
    const row = await findDigest(db, body.digest, body.target);
    if (!row) return null;
    const digest = JSON.parse(row.body) as Digest;
    return { status: row.status, payloads: { id: row.id, slack: () => digestSlackMessage(digest), webhook: () => digestWebhookBody(row.id, digest) } };
  }
  const row = await findAlert(db, body.alert, body.target);
  return row && { status: row.status, payloads: alertPayloads(row, body.origin) };
}

async function deliverOne(env: Env, message: Message<DeliveryMessage>, now: () => number) {
  const { target } = message.body;
  const { kind, id } = deliveryOf(message.body);
  const found = await payloadsOf(env.DB, message.body);
  // Gone (the response was erased) or made already (a message sent twice): nothing to do.
  if (!found || found.status === 'delivered') return message.ack();
  const request = await requestFor(env, target, found.payloads, now());
  if (!request) return message.ack();
  let failure: { httpStatus?: number; error: string };
  try {
    const res = await fetch(request, { signal: AbortSignal.timeout(10_000) });
    if (res.ok) {
      await recordAttempt(env.DB, kind, id, target, { status: 'delivered', httpStatus: res.status }, now());
      return message.ack();
    }
    failure = { httpStatus: res.status, error: `HTTP ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`.trim() };
  } catch (error) {
    failure = { error: error instanceof Error ? error.message : String(error) };
  }
  await recordAttempt(env.DB, kind, id, target, { status: 'retrying', ...failure }, now());
  message.retry({ delaySeconds: backoffSeconds(message.attempts) });
}

/** The queue() handler: each message on its own, so one target down never holds up another. */
export async function handleAlertBatch(batch: MessageBatch<DeliveryMessage>, env: Env, now: () => number = Date.now) {
  for (const message of batch.messages) {
    try {
      if (batch.queue === DEAD_LETTER_QUEUE) {
        const { kind, id } = deliveryOf(message.body);
        await recordAttempt(env.DB, kind, id, message.body.target, { status: 'dead' }, now());
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
