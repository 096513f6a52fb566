/** Responses in D1: write one whole (or not at all), read one back, store an amendment. */
import type { Category } from '@/nps/category';
import { matchesAlert, type AlertRule } from '@/alerts/rule';
import { refHead, refTail, randomToken } from './ids';
import { raiseAlert } from './alerts';

/** A response as it is written; the caller has validated it against its survey. */
export interface NewResponse {
  survey: string;
  score: number;
  category: Category;
  reason?: string;
  followUp?: string;
  answers: Record<string, unknown>;
  segments: Record<string, string | undefined>;
  locale: string;
  channel: 'link' | 'invitation';
  invitationId?: string;
  contactId?: string;
  idempotencyKey?: string;
  /** The survey's `alerts.when` (src/alerts/rule.ts): the batch raises the alert when the row matches. */
  alertRule?: AlertRule;
  /** False when no alert target is set: an alert is written as already queued (see raiseAlert). */
  alertToSend?: boolean;
}

export interface StoredResponse {
  /** The respondent's capability to amend: never shown to staff. */
  id: string;
  /** The public reference staff pages and exports show instead. */
  ref: string;
  survey: string;
  score: number;
  category: Category;
  reason: string | null;
  follow_up: string | null;
  answers: string;
  segments: string;
  locale: string;
  channel: string;
  invitation_id: string | null;
  contact_id: string | null;
  created_at: number;
  updated_at: number;
  revision: number;
}

/**
 * The revision a write gives its response: one above the highest ever written, read from the
 * highest rowid (a fresh answer's revision), responses_by_revision (a changed answer's) and
 * response_revision (the highest ever deleted, kept by a trigger, migrations/0024 and 0029). D1
 * has one writer and a batch is one transaction, so it grows in commit order and the incremental
 * rollup never skips a late write; nothing but a deletion writes the counter.
 */
export const NEXT_REVISION = `(max(coalesce((SELECT max(rowid) FROM responses), 0), coalesce((SELECT max(revision) FROM responses WHERE revision > 0), 0),
  (SELECT value FROM response_revision WHERE id = 1)) + 1)`;

/**
 * Whether the row as written can match the alert rule, so the batch needs the alert's statement: a
 * link answer is written as sent (the rule as src/alerts/rule.ts applies it), an invitation's answer
 * may keep an earlier follow-up (the upsert), so its statement always goes and applies the rule in SQL.
 */
const mayAlert = (rule: AlertRule, response: NewResponse) => response.invitationId !== undefined || matchesAlert(rule, response);

/**
 * One batch (one round trip, one transaction), so a response is written whole or not at all, with
 * its alert when it raises one (`alert`: the new alert's id). Answering an invitation again updates
 * its response; a retried Idempotency-Key returns the first response. Both keys are partial unique
 * indexes (migrations/0027), named here with their WHERE as SQLite requires, so an answer without
 * an invitation or a key writes no entry in either. A fresh answer's rowid is its revision and it
 * writes none in responses_by_revision either (migrations/0029); answering again sets one. Its ref
 * ends in its rowid (migrations/0031): the follow-up item finds it without an index entry.
 */
export async function saveResponse(db: D1Database, response: NewResponse, now = Date.now()) {
  const id = randomToken();
  const [saved, raised] = await db.batch<{ id: string; ref: string; category: Category }>([
    db
      .prepare(
        `INSERT INTO responses (rowid, id, survey, score, category, reason, follow_up, answers, segments, locale,
           channel, invitation_id, contact_id, idempotency_key, created_at, updated_at, revision, ref)
         SELECT n, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, 0, ?15 || ${refTail('n')}
         FROM (SELECT ${NEXT_REVISION} AS n) WHERE true
         ON CONFLICT (invitation_id) WHERE invitation_id IS NOT NULL DO UPDATE SET
           score = excluded.score, category = excluded.category, reason = excluded.reason,
           follow_up = coalesce(excluded.follow_up, follow_up),
           answers = json_patch(answers, excluded.answers), locale = excluded.locale,
           updated_at = excluded.updated_at, revision = ${NEXT_REVISION}
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO UPDATE SET idempotency_key = idempotency_key
         RETURNING id, ref, category`,
      )
      .bind(
        id,
        response.survey,
        response.score,
        response.category,
        response.reason ?? null,
        response.followUp ?? null,
        JSON.stringify(response.answers),
        JSON.stringify(response.segments),
        response.locale,
        response.channel,
        response.invitationId ?? null,
        response.contactId ?? null,
        response.idempotencyKey ?? null,
        now,
        refHead(),
      ),
    ...(response.alertRule && mayAlert(response.alertRule, response)
      ? [raiseAlert(db, response.alertRule, { id, invitationId: response.invitationId, idempotencyKey: response.idempotencyKey }, now, response.alertToSend)]
      : []),
  ]);
  const row = saved?.results[0];
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return { ...row, alert: (raised?.results[0] as { id: string } | undefined)?.id };
}

export function findResponse(db: D1Database, survey: string, id: string) {
  return db.prepare('SELECT * FROM responses WHERE id = ? AND survey = ?').bind(id, survey).first<StoredResponse>();
}

/**
 * Stores an amendment (functions/collect/amend.ts) unless the response changed since it was read,
 * with the alert it newly raises (a comment added under `alerts.when: commented`).
 */
export async function writeAmendment(
  db: D1Database,
  stored: Pick<StoredResponse, 'id' | 'revision'>,
  amended: { followUp: string | null; answers: Record<string, unknown> },
  now = Date.now(),
  alertRule?: AlertRule,
  alertToSend = true,
) {
  const [updated, raised] = await db.batch([
    db
      .prepare(
        `UPDATE responses SET follow_up = ?3, answers = ?4, updated_at = ?5, revision = ${NEXT_REVISION}
         WHERE id = ?1 AND revision = ?2`,
      )
      .bind(stored.id, stored.revision, amended.followUp, JSON.stringify(amended.answers), now),
    ...(alertRule ? [raiseAlert(db, alertRule, { id: stored.id }, now, alertToSend)] : []),
  ]);
  return { written: (updated?.meta.changes ?? 0) > 0, alert: (raised?.results[0] as { id: string } | undefined)?.id };
}
