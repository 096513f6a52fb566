/** The outbox in D1: every mail's row claimed before its send, marked after, listed for staff, swept when left behind. */
import type { OutboxStatus } from '@/schemas/outbox';

export interface OutboxRow {
  id: string;
  invitation_id: string;
  survey: string;
  kind: 'invitation' | 'reminder';
  wave: string | null;
  recipient: string;
  name: string | null;
  locale: string;
  origin: string;
  status: OutboxStatus;
  tries: number;
  error: string | null;
  created_at: number;
  sent_at: number | null;
}

const COLUMNS = 'id, invitation_id, survey, kind, wave, recipient, name, locale, origin, status, tries, error, created_at, sent_at';

/** A row that fails this many sends is 'failed' for good (the queue's max_retries is the same). */
export const MAX_TRIES = 10;

// A contact who unsubscribed after the mail was queued, by their contact or by the same address.
const UNSUBSCRIBED = `EXISTS (SELECT 1 FROM contacts AS f WHERE (f.id = outbox.contact_id OR f.email = outbox.recipient) AND f.unsubscribed_at IS NOT NULL)`;
// A reminder whose invitation was answered after the reminder was queued.
const ANSWERED_REMINDER = `(outbox.kind = 'reminder' AND EXISTS (SELECT 1 FROM responses AS r WHERE r.invitation_id = outbox.invitation_id))`;

/**
 * Claims the message's rows still 'queued' for this attempt, in one conditional UPDATE: only the
 * claimed rows are sent, so a row already sent, or claimed by a concurrent delivery of the same
 * message, is never sent again. A row whose person unsubscribed meanwhile is 'failed', not sent,
 * and so is a reminder whose invitation was answered meanwhile.
 */
export async function claimMails(db: D1Database, ids: string[], now = Date.now()) {
  const { results } = await db
    .prepare(
      `UPDATE outbox SET
         status = CASE WHEN ${UNSUBSCRIBED} OR ${ANSWERED_REMINDER} THEN 'failed' ELSE 'sending' END,
         error = CASE WHEN ${UNSUBSCRIBED} THEN 'not sent: the recipient unsubscribed'
                      WHEN ${ANSWERED_REMINDER} THEN 'not sent: the invitation was answered meanwhile' ELSE error END,
         tries = tries + 1, updated_at = ?2
       WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'queued'
       RETURNING ${COLUMNS}`,
    )
    .bind(JSON.stringify(ids), now)
    .all<OutboxRow>();
  return results.filter((row) => row.status === 'sending');
}

/** After the sends: the sent rows 'sent', the others back to 'queued' with their error (or 'failed' after MAX_TRIES), in one batch. */
export async function recordSends(db: D1Database, sent: string[], failed: { id: string; error: string }[], now = Date.now()) {
  const statements: D1PreparedStatement[] = [];
  if (sent.length > 0) {
    statements.push(
      db
        .prepare(`UPDATE outbox SET status = 'sent', sent_at = ?2, updated_at = ?2, error = NULL WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'sending'`)
        .bind(JSON.stringify(sent), now),
    );
  }
  if (failed.length > 0) {
    statements.push(
      db
        .prepare(
          `UPDATE outbox SET status = CASE WHEN tries >= ?3 THEN 'failed' ELSE 'queued' END, updated_at = ?2,
             error = (SELECT f.value->>'error' FROM json_each(?1) AS f WHERE f.value->>'id' = outbox.id)
           WHERE id IN (SELECT f.value->>'id' FROM json_each(?1) AS f) AND status = 'sending'`,
        )
        .bind(JSON.stringify(failed.map((f) => ({ id: f.id, error: f.error.slice(0, 500) }))), now, MAX_TRIES),
    );
  }
  if (statements.length > 0) await db.batch(statements);
}

/** The dead-letter queue's record: the message's rows not sent by now are 'failed', keeping their last error. */
export async function markFailed(db: D1Database, ids: string[], now = Date.now()) {
  await db
    .prepare(
      `UPDATE outbox SET status = 'failed', updated_at = ?2, error = coalesce(error, 'the queue gave up')
       WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'queued'`,
    )
    .bind(JSON.stringify(ids), now)
    .run();
}

export async function markEnqueued(db: D1Database, ids: string[], now = Date.now()) {
  if (ids.length === 0) return;
  await db.prepare('UPDATE outbox SET enqueued_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(ids), now).run();
}

/**
 * Rows the queue has lost sight of, oldest first: never put on it (`enqueued_at` NULL after
 * `neverBefore`), or 'queued' and untouched since `staleBefore` (longer than any backoff).
 */
export async function strandedMails(db: D1Database, neverBefore: number, staleBefore: number, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT id FROM outbox WHERE status = 'queued'
         AND ((enqueued_at IS NULL AND created_at <= ?1) OR updated_at <= ?2)
       ORDER BY created_at LIMIT ?3`,
    )
    .bind(neverBefore, staleBefore, limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/**
 * Rows left 'sending' since `before`: the Worker died between the claim and the mark. The mail may
 * have gone out, so it is never sent again: 'failed', saying so, for staff to decide.
 */
export async function abandonInterrupted(db: D1Database, before: number, now = Date.now()) {
  await db
    .prepare(
      `UPDATE outbox SET status = 'failed', updated_at = ?2,
         error = 'interrupted while sending: it may have gone out, so it is not sent again'
       WHERE status = 'sending' AND updated_at <= ?1`,
    )
    .bind(before, now)
    .run();
}

export interface OutboxFilter {
  survey?: string;
  status?: OutboxStatus;
  /** The last row of the previous page: [created_at, id]. */
  after?: [number, string];
}

/** One page of the outbox, newest first. */
export async function listOutbox(db: D1Database, filter: OutboxFilter, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM outbox
       WHERE (?1 IS NULL OR survey = ?1) AND (?2 IS NULL OR status = ?2)
         AND (?3 IS NULL OR created_at < ?3 OR (created_at = ?3 AND id < ?4))
       ORDER BY created_at DESC, id DESC LIMIT ?5`,
    )
    .bind(filter.survey ?? null, filter.status ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, limit)
    .all<OutboxRow>();
  return results;
}

export function findMail(db: D1Database, id: string) {
  return db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).bind(id).first<OutboxRow>();
}
