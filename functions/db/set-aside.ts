/** rollup_set_aside (migrations/0006): rows the rollup will never fold, recorded with the step that moves past them. */
import { jsonParam } from './json-param';
import type { Stream } from './rollups';

// Counted for the results pages' status line.
export interface SetAside {
  id: string;
  survey: string;
  /** Its responses.revision or invitations.rowid. */
  position: number;
  reason: string;
}

export function recordSetAside(db: D1Database, stream: Stream, rows: SetAside[], now = Date.now()) {
  return db
    .prepare(
      `INSERT INTO rollup_set_aside (stream, row_id, survey, position, reason, set_aside_at)
       SELECT ?1, r.value->>'id', r.value->>'survey', r.value->>'position', r.value->>'reason', ?3
       FROM json_each(?2) AS r WHERE true
       ON CONFLICT (stream, row_id) DO UPDATE SET survey = excluded.survey, position = excluded.position,
         reason = excluded.reason, set_aside_at = excluded.set_aside_at`,
    )
    .bind(stream, jsonParam(rows), now);
}

/**
 * A response set aside once and folded now is counted again: it leaves the table. `ledgerJson` is
 * the step's ledger entries by rowid; it is not even read while no response is set aside (SQLite
 * tests the constant EXISTS first).
 */
export function forgetSetAside(db: D1Database, ledgerJson: string) {
  return db
    .prepare(
      `DELETE FROM rollup_set_aside
       WHERE stream = 'responses' AND row_id IN (
         SELECT id FROM responses WHERE rowid IN (
           SELECT CAST(e.key AS INTEGER) FROM json_each(?1) AS e
           WHERE EXISTS (SELECT 1 FROM rollup_set_aside WHERE stream = 'responses')))`,
    )
    .bind(ledgerJson);
}
