/** Deliveries of alerts and digests in D1: every attempt recorded, the ones not made listed, a dead one queued again. */
import type { AlertTarget } from '@/alerts/payload';
import type { DeliveryKind } from '@/schemas/delivery';

export type { DeliveryKind };

// Table and column names are these constants, never input: the values are bound.
const TABLES = {
  alert: { table: 'alert_deliveries', key: 'alert_id' },
  digest: { table: 'digest_deliveries', key: 'digest_id' },
} as const satisfies Record<DeliveryKind, { table: string; key: string }>;

export type Attempt = { status: 'delivered' | 'retrying' | 'dead'; httpStatus?: number; error?: string };

/** Records one attempt: tries + 1 (the dead-letter record adds none), its outcome and last error. */
export async function recordAttempt(db: D1Database, kind: DeliveryKind, id: string, target: AlertTarget, attempt: Attempt, now = Date.now()) {
  const { table, key } = TABLES[kind];
  const tries = attempt.status === 'dead' ? 0 : 1;
  await db
    .prepare(
      `INSERT INTO ${table} (${key}, target, status, tries, last_status, last_error, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (${key}, target) DO UPDATE SET status = excluded.status, tries = tries + excluded.tries,
         last_status = coalesce(excluded.last_status, last_status), last_error = coalesce(excluded.last_error, last_error),
         updated_at = excluded.updated_at
       WHERE ${table}.status <> 'delivered'`,
    )
    .bind(id, target, attempt.status, tries, attempt.httpStatus ?? null, attempt.error?.slice(0, 500) ?? null, now)
    .run();
}

/** A delivery not made (yet), as /results/alerts lists it: the answer's public ref for an alert, the week for a digest. */
export interface UndeliveredRow {
  kind: DeliveryKind;
  id: string;
  target: AlertTarget;
  survey: string;
  /** An alert's response ref; a digest's last day of the week. */
  subject: string;
  status: 'queued' | 'retrying' | 'dead';
  tries: number;
  last_status: number | null;
  last_error: string | null;
  updated_at: number;
}

/** Deliveries not made, most recently changed first: `limit` of each kind at most, read through the partial indexes. */
export async function undelivered(db: D1Database, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT 'alert' AS kind, d.alert_id AS id, d.target, a.survey, r.ref AS subject, d.status, d.tries, d.last_status, d.last_error, d.updated_at
         FROM (SELECT * FROM alert_deliveries WHERE status <> 'delivered' ORDER BY updated_at DESC LIMIT ?1) AS d
         JOIN alerts AS a ON a.id = d.alert_id JOIN responses AS r ON r.id = a.response_id
         UNION ALL
         SELECT 'digest', d.digest_id, d.target, g.survey, g.week_to, d.status, d.tries, d.last_status, d.last_error, d.updated_at
         FROM (SELECT * FROM digest_deliveries WHERE status <> 'delivered' ORDER BY updated_at DESC LIMIT ?1) AS d
         JOIN digests AS g ON g.id = d.digest_id
       ) ORDER BY updated_at DESC`,
    )
    .bind(limit)
    .all<UndeliveredRow>();
  return results;
}

/** Statuses a person may send again: given up, or waiting for its next backoff. */
const RETRYABLE = ['dead', 'retrying'];

/**
 * Claims a delivery for a retry: marks it 'queued' if it is dead or retrying, and returns the status
 * it had; null when there is no such delivery, the status it has when it cannot be retried.
 */
export async function claimRetry(db: D1Database, kind: DeliveryKind, id: string, target: AlertTarget, now: number) {
  const { table, key } = TABLES[kind];
  const [claimed, current] = await db.batch<{ status: string; claimed?: number }>([
    db
      .prepare(
        `UPDATE ${table} SET status = 'queued', updated_at = ?3
         WHERE ${key} = ?1 AND target = ?2 AND status IN (SELECT value FROM json_each(?4))
         RETURNING 1 AS claimed, status`,
      )
      .bind(id, target, now, JSON.stringify(RETRYABLE)),
    db.prepare(`SELECT status FROM ${table} WHERE ${key} = ?1 AND target = ?2`).bind(id, target),
  ]);
  if (claimed!.results.length > 0) return { claimed: true as const };
  const row = current!.results[0];
  return row ? { claimed: false as const, status: row.status } : null;
}

/** Gives a claimed delivery back as dead when it could not be put on the queue, with the reason. */
export async function releaseRetry(db: D1Database, kind: DeliveryKind, id: string, target: AlertTarget, error: string, now: number) {
  const { table, key } = TABLES[kind];
  await db
    .prepare(`UPDATE ${table} SET status = 'dead', last_error = ?3, updated_at = ?4 WHERE ${key} = ?1 AND target = ?2 AND status = 'queued'`)
    .bind(id, target, error.slice(0, 500), now)
    .run();
}

/** Marks deliveries dead that never reached the queue (it was down), so they wait for a retry on /results/alerts. */
export async function markUnsent(db: D1Database, kind: DeliveryKind, ids: string[], error: string, now: number) {
  const { table, key } = TABLES[kind];
  await db
    .prepare(`UPDATE ${table} SET status = 'dead', last_error = ?2, updated_at = ?3 WHERE ${key} IN (SELECT value FROM json_each(?1)) AND status = 'queued'`)
    .bind(JSON.stringify(ids), error.slice(0, 500), now)
    .run();
}
