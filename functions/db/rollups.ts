/** The rollup tables (migrations/0004, 0009, 0022): the job's reads and writes, one batch per step. */
import type { ChangedResponse, LedgerRow, NewInvitation } from '@/rollup/deltas';
import { fromLedgerEntry, type InvitationPayloads, type ResponsePayloads } from '@/rollup/step';
import { jsonParam } from './json-param';
import { addInvitations, addScores, addThemes } from './rollup-upserts';
import { forgetSetAside, recordSetAside, type SetAside } from './set-aside';

// Every step of the job is one batch, a transaction: it claims its stream position, adds its
// deltas, records the rows it sets aside and moves on, or does nothing at all. Its rows are
// bound as one JSON array per statement, each row an array of its columns (src/rollup/step.ts
// gives their order); the ledger entries as one object keyed by rowid (migrations/0030).
export type Stream = 'responses' | 'invitations';

/** The last folded responses.revision or invitations.rowid. */
export type StreamPosition = number;

export async function readPosition(db: D1Database, stream: Stream): Promise<StreamPosition> {
  const row = await db.prepare('SELECT after FROM rollup_state WHERE stream = ?').bind(stream).first<{ after: number }>();
  return row?.after ?? 0;
}

/** A changed response as read, with the stream position it was read from and its ledger entry (null if never folded). */
type ChangedRow = ChangedResponse & { position: StreamPosition; ledger_entry: string | null };

/** A changed response with what it was last folded as (its ledger row), if it was. */
export type ChangedSince = ChangedResponse & { before?: LedgerRow };

/**
 * The responses changed since the stream's position (`from`), in revision order, each with its
 * last folded contribution (the ledger row): one query for what a step reads.
 * Two streams merged (migrations/0029): answers never changed, whose revision is their rowid, read
 * from the table's own order, and changed ones from responses_by_revision (`revision > 0` names the
 * partial index). The fresh stream reads no further than the last changed answer the step can
 * take, so the changed answers it skips are never more than the step's own.
 */
export async function changedResponses(db: D1Database, limit: number): Promise<{ from: StreamPosition; changed: ChangedSince[] }> {
  const { results } = await db
    .prepare(
      `WITH s AS (SELECT after FROM rollup_state WHERE stream = 'responses'),
       changed AS MATERIALIZED (
         SELECT rowid AS response_rowid, revision FROM responses
         WHERE revision > 0 AND revision > (SELECT after FROM s) ORDER BY revision LIMIT ?1),
       upto AS (SELECT CASE WHEN count(*) < ?1 THEN 9223372036854775807 ELSE max(revision) END AS revision FROM changed),
       fresh AS (
         SELECT rowid AS response_rowid, rowid AS revision FROM responses
         WHERE rowid > (SELECT after FROM s) AND rowid < (SELECT revision FROM upto) AND revision = 0 ORDER BY rowid LIMIT ?1),
       step AS (SELECT * FROM changed UNION ALL SELECT * FROM fresh ORDER BY revision LIMIT ?1)
       SELECT (SELECT after FROM s) AS position, r.rowid, r.id, r.survey, r.score, r.reason, r.follow_up, r.segments, r.locale, r.channel, r.created_at, c.revision,
              (SELECT created_at FROM invitations WHERE id = r.invitation_id) AS invited_at, l.entry AS ledger_entry
       FROM step AS c
       JOIN responses AS r ON r.rowid = c.response_rowid
       LEFT JOIN rollup_ledger AS l ON l.response_rowid = r.rowid
       ORDER BY c.revision`,
    )
    .bind(limit)
    .all<ChangedRow>();
  // Each row as it came, its ledger entry read (a step reads thousands: no copies).
  const changed: ChangedSince[] = results;
  for (const row of results) if (row.ledger_entry !== null) (row as ChangedSince).before = fromLedgerEntry(row.rowid, row.id, row.ledger_entry);
  return { from: results[0]?.position ?? 0, changed };
}

export async function newInvitations(db: D1Database, after: StreamPosition, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT rowid AS seq, id, survey, segments, created_at FROM invitations
       WHERE rowid > ?1 ORDER BY rowid LIMIT ?2`,
    )
    .bind(after, limit)
    .all<NewInvitation>();
  return results;
}

/**
 * Moves the stream from `from` to `to` under a fresh claim token. The second statement fails
 * (primary key) unless this run's claim is the one in place, which rolls the whole batch back
 * when another run folded the same step first.
 */
function claim(db: D1Database, stream: Stream, from: StreamPosition, to: StreamPosition) {
  const token = crypto.randomUUID();
  return [
    db
      .prepare('UPDATE rollup_state SET after = ?3, claim = ?4 WHERE stream = ?1 AND after = ?2')
      .bind(stream, from, to, token),
    db
      .prepare(`INSERT INTO rollup_state (stream) SELECT ?1 WHERE (SELECT claim FROM rollup_state WHERE stream = ?1) IS NOT ?2`)
      .bind(stream, token),
  ];
}

/** What one step writes: the positions it moves between, its payloads and the rows it sets aside. */
type Step<P> = P & { from: StreamPosition; to: StreamPosition; setAside: SetAside[] };

/** A response step: how many responses it folds, too (its ledger entries are a map). */
type ResponseStep = Step<ResponsePayloads> & { folded: number };

/** A statement only when it has rows to write: D1 counts every statement of a batch as a query, and each costs its round of work. */
const withRows = (rows: readonly unknown[], statement: () => D1PreparedStatement) => (rows.length ? [statement()] : []);

/** The theme memberships of responses folded before (their rowids), which their refold replaces. */
const forgetMemberships = (db: D1Database, rowids: readonly number[]) =>
  db.prepare(`DELETE FROM response_themes WHERE response_rowid IN (SELECT value FROM json_each(?1))`).bind(jsonParam(rowids));

/** `memberships`: [response_rowid, theme] each. */
const addMemberships = (db: D1Database, memberships: readonly unknown[][]) =>
  db
    .prepare(
      `INSERT INTO response_themes (response_rowid, theme)
       SELECT m.value->>'$[0]', m.value->>'$[1]' FROM json_each(?1) AS m WHERE true
       ON CONFLICT DO NOTHING`,
    )
    .bind(jsonParam(memberships));

/** Each folded response as folded now (`ledgerJson`: its ledger entries by rowid), replacing what it was folded as before. */
const recordLedger = (db: D1Database, ledgerJson: string) =>
  db
    .prepare(
      `INSERT INTO rollup_ledger (response_rowid, entry)
       SELECT CAST(e.key AS INTEGER), e.value FROM json_each(?1) AS e WHERE true
       ON CONFLICT (response_rowid) DO UPDATE SET entry = excluded.entry`,
    )
    .bind(ledgerJson);

export async function applyResponseStep(db: D1Database, step: ResponseStep) {
  const { from, to, folded, days, themes, months, themeMonths, ledger, memberships, refolded, answered, answeredMonths, setAside } = step;
  await db.batch([
    ...claim(db, 'responses', from, to),
    ...withRows(days, () => addScores(db, 'day', days)),
    ...withRows(themes, () => addThemes(db, 'day', themes)),
    ...withRows(months, () => addScores(db, 'month', months)),
    ...withRows(themeMonths, () => addThemes(db, 'month', themeMonths)),
    ...withRows(answeredMonths, () => addInvitations(db, 'month', 'answered', answeredMonths)),
    // Theme memberships: drop the old ones of the responses folded before, add the current ones.
    ...withRows(refolded, () => forgetMemberships(db, refolded)),
    ...withRows(memberships, () => addMemberships(db, memberships)),
    ...(folded ? [recordLedger(db, jsonParam(ledger))] : []),
    // Invitations answered for the first time, counted on the day they were sent (the response rate).
    ...withRows(answered, () => addInvitations(db, 'day', 'answered', answered)),
    ...(folded ? [forgetSetAside(db, jsonParam(ledger))] : []),
    ...withRows(setAside, () => recordSetAside(db, 'responses', setAside)),
  ]);
}

export async function applyInvitationStep(db: D1Database, { from, to, invitations, invitationMonths, setAside }: Step<InvitationPayloads>) {
  await db.batch([
    ...claim(db, 'invitations', from, to),
    ...withRows(invitations, () => addInvitations(db, 'day', 'invitations', invitations)),
    ...withRows(invitationMonths, () => addInvitations(db, 'month', 'invitations', invitationMonths)),
    ...withRows(setAside, () => recordSetAside(db, 'invitations', setAside)),
  ]);
}

export async function markCaughtUp(db: D1Database, stream: Stream, at: number) {
  await db.prepare('UPDATE rollup_state SET caught_up_at = ?2 WHERE stream = ?1').bind(stream, at).run();
}

/** What the results pages say about the figures, in one query. */
export interface RollupStatus {
  /** "Data as of": the start of the last run that left nothing behind, in both streams. */
  dataAsOf: number | null;
  /** Rows the rollup set aside, which the figures do not count. */
  setAside: Record<Stream, number>;
}

/**
 * The rollup's state as one row, for a FROM clause: where its streams have got to ("responses=…
 * invitations=…") and the start of its last complete run (r: streams, at), and the rows it set aside
 * by stream (s: responses, invitations). rollup_state is read once for both.
 */
export const ROLLUP_STATE = `(SELECT group_concat(stream || '=' || after, ' ') AS streams, min(caught_up_at) AS at
    FROM (SELECT stream, after, caught_up_at FROM rollup_state ORDER BY stream)) AS r
  JOIN (SELECT (SELECT count(*) FROM rollup_set_aside WHERE stream = 'responses') AS responses,
    (SELECT count(*) FROM rollup_set_aside WHERE stream = 'invitations') AS invitations) AS s`;

/** ROLLUP_STATE's columns the status line reads: `r.at, s.responses, s.invitations`. */
export type StatusColumns = { at: number | null; responses: number; invitations: number };

export const statusOf = (row: StatusColumns | null): RollupStatus => ({
  dataAsOf: row?.at ?? null,
  setAside: { responses: row?.responses ?? 0, invitations: row?.invitations ?? 0 },
});

export async function rollupStatus(db: D1Database): Promise<RollupStatus> {
  return statusOf(await db.prepare(`SELECT r.at, s.responses, s.invitations FROM ${ROLLUP_STATE}`).first<StatusColumns>());
}

/** True when the error is the claim guard: another run folded this step. */
export function isLostClaim(error: unknown) {
  return error instanceof Error && /UNIQUE constraint failed: rollup_state\.stream/.test(error.message);
}
