/**
 * The retention sweep's reads and writes (migrations/0015): a survey's answers and invitations
 * older than its retentionDays, in (created_at, rowid) order from where the last step stopped,
 * erased as DELETE /api/contacts erases a person (functions/db/erasure.ts), one batch per step.
 */
import { anonymise, suppress } from './erasure';
import { dropCachedPages } from './page-cache';

export type RetentionStream = 'responses' | 'invitations';

/** A row of a step: its place in the stream, and its contact as far as suppression needs it. */
export interface OldRow {
  row: number;
  id: string;
  created_at: number;
  invitation_id: string | null;
  contact_id: string | null;
  contact_key: string | null;
  email: string | null;
  unsubscribed: number | null;
}

// Where the stream stopped last time (-1: nowhere yet), for the survey ?1.
const POSITION = (stream: RetentionStream) =>
  `SELECT coalesce(max(created_at), -1) AS at, coalesce(max(row), -1) AS row FROM retention_state WHERE survey = ?1 AND stream = '${stream}'`;

const READS: Record<RetentionStream, string> = {
  responses: `WITH p AS (${POSITION('responses')})
    SELECT r.rowid AS row, r.id, r.created_at, r.invitation_id, c.id AS contact_id, c.contact_key, c.email,
           c.unsubscribed_at IS NOT NULL AS unsubscribed
    FROM p CROSS JOIN responses AS r
    LEFT JOIN invitations AS i ON i.id = r.invitation_id
    LEFT JOIN contacts AS c ON c.id = coalesce(r.contact_id, i.contact_id)
    WHERE r.survey = ?1 AND r.created_at < ?2 AND (r.created_at > p.at OR (r.created_at = p.at AND r.rowid > p.row))
    ORDER BY r.created_at, r.rowid LIMIT ?3`,
  invitations: `WITH p AS (${POSITION('invitations')})
    SELECT i.rowid AS row, i.id, i.created_at, i.id AS invitation_id, c.id AS contact_id, c.contact_key, c.email,
           c.unsubscribed_at IS NOT NULL AS unsubscribed
    FROM p CROSS JOIN invitations AS i
    JOIN contacts AS c ON c.id = i.contact_id
    WHERE i.survey = ?1 AND i.created_at < ?2 AND (i.created_at > p.at OR (i.created_at = p.at AND i.rowid > p.row))
    ORDER BY i.created_at, i.rowid LIMIT ?3`,
};

/** Up to `limit` rows of the survey created before `before`, after the last step's. */
export async function oldRows(db: D1Database, stream: RetentionStream, survey: string, before: number, limit: number) {
  const { results } = await db.prepare(READS[stream]).bind(survey, before, limit).all<OldRow>();
  return results;
}

/** What a step erases: its rows, their invitations and contacts, the hashes of the unsubscribed ones. */
export interface RetentionStep {
  survey: string;
  stream: RetentionStream;
  rows: OldRow[];
  hashes: string[];
  /** Contacts whose details may go once nothing links them any more (those kept unsubscribed without a key left out). */
  contacts: string[];
  anonymous: string;
  now: number;
}

export interface RetentionCounts {
  responses: number;
  invitations: number;
  contacts: number;
}

const IDS = 'SELECT value FROM json_each(?1)';
const list = (values: (string | null)[]) => JSON.stringify([...new Set(values.filter((v): v is string => v !== null))]);

/**
 * One step in one batch: 9 statements for answers (anonymised, then their invitations deleted,
 * the cached results pages dropped), 4 for invitations (those nobody answered deleted: an answered
 * one goes with its answer). Then the suppressions, each contact nothing links any more, and the
 * stream's new position.
 */
export async function eraseOldRows(db: D1Database, step: RetentionStep): Promise<RetentionCounts> {
  const last = step.rows.at(-1)!;
  const invitations = list(step.rows.map((r) => r.invitation_id));
  const erase =
    step.stream === 'responses'
      ? [
          ...anonymise(db, IDS, list(step.rows.map((r) => r.id)), step.anonymous),
          db.prepare(`DELETE FROM invitations WHERE id IN (${IDS}) RETURNING 1`).bind(invitations),
        ]
      : [
          db
            .prepare(`DELETE FROM invitations WHERE id IN (${IDS}) AND NOT EXISTS (SELECT 1 FROM responses WHERE invitation_id = invitations.id) RETURNING 1`)
            .bind(invitations),
        ];
  const results = await db.batch([
    ...erase,
    suppress(db, step.hashes, step.now),
    // Erased comments must not stay on a cached results page.
    ...(step.stream === 'responses' ? [dropCachedPages(db)] : []),
    db
      .prepare(
        `DELETE FROM contacts WHERE id IN (${IDS})
           AND NOT EXISTS (SELECT 1 FROM invitations WHERE contact_id = contacts.id)
           AND NOT EXISTS (SELECT 1 FROM responses WHERE contact_id = contacts.id) RETURNING 1`,
      )
      .bind(JSON.stringify(step.contacts)),
    db
      .prepare(
        `INSERT INTO retention_state (survey, stream, created_at, row) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (survey, stream) DO UPDATE SET created_at = excluded.created_at, row = excluded.row`,
      )
      .bind(step.survey, step.stream, last.created_at, last.row),
  ]);
  // Counted from RETURNING: D1's meta.changes also counts what triggers and cascades wrote.
  const count = (at: number) => results.at(at)!.results.length;
  return { responses: step.stream === 'responses' ? count(3) : 0, invitations: count(erase.length - 1), contacts: count(-2) };
}
