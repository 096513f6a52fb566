/** Puts outbox rows on the MAILS queue, at most 50 a message: after the invitations, and again from the Cron sweep. */
import { abandonInterrupted, markEnqueued, strandedMails } from '../db/outbox';

/** A queue message: up to MAIL_BATCH outbox row ids. */
export interface MailMessage {
  mails: string[];
}

/** Recipients per queue message, as Email Service allows per call (and one consumer invocation sends). */
export const MAIL_BATCH = 50;

/**
 * Sends the rows to the queue, then marks them enqueued. A failure leaves them unmarked for the
 * sweep (logged, never thrown: the invitations are stored). On the queue twice is harmless: the
 * consumer claims a row before sending it, so only one delivery sends it.
 */
export async function enqueueMails(env: Env, ids: string[], now = Date.now()) {
  if (ids.length === 0) return;
  try {
    const messages: { body: MailMessage }[] = [];
    for (let i = 0; i < ids.length; i += MAIL_BATCH) messages.push({ body: { mails: ids.slice(i, i + MAIL_BATCH) } });
    // sendBatch takes 100 messages: 5,000 mails, more than a sweep or an API call ever has.
    await env.MAILS.sendBatch(messages);
    await markEnqueued(env.DB, ids, now);
  } catch (error) {
    console.error('mails not enqueued, the scheduled sweep sends them', ids.length, error);
  }
}

/** Rows never put on the queue are the sweep's after a minute (younger ones may be on their way). */
export const MAIL_SWEEP_GRACE_MS = 60_000;
/** A queued row untouched this long was lost by the queue: longer than the longest backoff (src/alerts/payload.ts). */
export const MAIL_STALE_MS = 6 * 3_600_000;
/** A row 'sending' this long was interrupted: a consumer invocation lasts minutes at most. */
export const MAIL_INTERRUPTED_MS = 30 * 60_000;

/** D1 queries a mail sweep makes at most: the interrupted rows, the read, the mark. */
export const MAIL_SWEEP_QUERIES = 3;

/** Mails a sweep re-sends at most. */
export const MAIL_SWEEP_BATCH = 500;

/** The Cron sweep: marks interrupted sends, then re-sends up to `limit` rows the queue lost sight of. */
export async function sweepMails(env: Env, now = Date.now(), limit = MAIL_SWEEP_BATCH) {
  await abandonInterrupted(env.DB, now - MAIL_INTERRUPTED_MS, now);
  const ids = await strandedMails(env.DB, now - MAIL_SWEEP_GRACE_MS, now - MAIL_STALE_MS, limit);
  await enqueueMails(env, ids, now);
  return ids.length;
}
