/** Alerts in D1: raised in the answer's own batch, read for delivery, every attempt recorded. */
import type { AlertRule } from '@/alerts/rule';
import type { AlertTarget } from '@/alerts/payload';
import type { Category } from '@/nps/category';

/** Alerts raised before migration 0031 (random ids, never 16 characters), by their response: the condition of alerts_raised_before_0031. */
export const RAISED_BEFORE_0031 = 'length(a.id) <> 16';

/**
 * The statement, for the batch that writes a response, that raises its alert when the row as
 * written matches the rule (src/alerts/rule.ts, in SQL) and none was raised before: one per response,
 * so an edited answer that newly matches alerts once and one that already alerted never again.
 * The alert's id, its delivery id, is the response's ref (migrations/0031): the key, so a second
 * alert of the response conflicts; an alert raised before 0031 has a random id and is found by its
 * response in alerts_raised_before_0031. `where` picks the row the batch wrote. RETURNING gives the
 * new alert's id, or no row. With no target set (`toSend` false) there is nothing to put on the
 * queue: the alert is written as queued, which spares the answer a second D1 round trip and the
 * alert its not-yet-queued index entry.
 */
export function raiseAlert(
  db: D1Database,
  rule: AlertRule,
  where: { id: string; invitationId?: string; idempotencyKey?: string },
  now: number,
  toSend = true,
) {
  return db
    .prepare(
      `INSERT INTO alerts (id, response_id, survey, created_at, enqueued_at)
       SELECT r.ref, r.id, r.survey, ?1, ?7 FROM responses AS r
       WHERE (r.id = ?2 OR r.invitation_id = ?3 OR r.idempotency_key = ?4)
         AND (r.score <= ?5 OR (?6 AND (trim(coalesce(r.reason, '')) <> '' OR trim(coalesce(r.follow_up, '')) <> '')))
         AND NOT EXISTS (SELECT 1 FROM alerts AS a WHERE a.response_id = r.id AND ${RAISED_BEFORE_0031})
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
    )
    .bind(now, where.id, where.invitationId ?? null, where.idempotencyKey ?? null, rule.maxScore, rule.commented ? 1 : 0, toSend ? null : now);
}

/** Marks alerts as on the queue, with a 'queued' delivery per target (none when no target is set). */
export async function markEnqueued(db: D1Database, ids: string[], targets: readonly AlertTarget[], now = Date.now()) {
  if (ids.length === 0) return;
  // The ids as one JSON parameter, as every list the Worker binds: any number stays one bound value.
  const list = JSON.stringify(ids);
  await db.batch([
    db.prepare('UPDATE alerts SET enqueued_at = ?1 WHERE id IN (SELECT value FROM json_each(?2))').bind(now, list),
    ...targets.map((target) =>
      db
        .prepare(
          `INSERT INTO alert_deliveries (alert_id, target, status, updated_at)
           SELECT id, ?1, 'queued', ?2 FROM alerts WHERE id IN (SELECT value FROM json_each(?3))
           ON CONFLICT (alert_id, target) DO NOTHING`,
        )
        .bind(target, now, list),
    ),
  ]);
}

/** Alerts never put on the queue (the send failed), oldest first, raised before `before`. */
export async function notEnqueued(db: D1Database, before: number, limit: number) {
  const { results } = await db
    .prepare('SELECT id FROM alerts WHERE enqueued_at IS NULL AND created_at <= ? ORDER BY created_at LIMIT ?')
    .bind(before, limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

export interface AlertRow {
  id: string;
  survey: string;
  created_at: number;
  ref: string;
  score: number;
  category: Category;
  reason: string | null;
  segments: string;
  locale: string;
  answered_at: number;
  status: string | null;
}

/** An alert with its response and its delivery's status to `target`; null once the response is gone. */
export function findAlert(db: D1Database, id: string, target: AlertTarget) {
  return db
    .prepare(
      `SELECT a.id, a.survey, a.created_at, r.ref, r.score, r.category, r.reason, r.segments, r.locale,
              r.created_at AS answered_at, d.status
       FROM alerts AS a JOIN responses AS r ON r.id = a.response_id
       LEFT JOIN alert_deliveries AS d ON d.alert_id = a.id AND d.target = ?2
       WHERE a.id = ?1`,
    )
    .bind(id, target)
    .first<AlertRow>();
}
