/**
 * The follow-up queue in D1 (migrations/0011, 0031): items are lazy. An answer that needs a follow-up
 * is a `new` item read from `responses` through one partial index, responses_to_follow_up (survey,
 * created_at, ref), and by its ref through its rowid; the first change writes its `follow_ups` row,
 * and every change its history, in one batch.
 */
import type { Position } from '@/report/cursor';
import type { FollowUpStatus } from '@/schemas/follow-up';
import type { FollowUpRow, HistoryRow } from '@/follow-ups/item';
import type { FieldChange, FollowUpState } from '@/follow-ups/transitions';
import { refTail, rowidOfRef } from './ids';

export type { FollowUpRow, HistoryRow };

/** The condition of the partial indexes responses_to_follow_up(_by_random_ref), word for word, so SQLite uses them. */
export const NEEDS_FOLLOW_UP = `(r.category = 'detractor' OR (r.category = 'passive' AND (r.reason IS NOT NULL OR r.follow_up IS NOT NULL)))`;

const COLUMNS = `r.id, r.ref AS ref, r.survey, r.score, r.category, r.reason, r.follow_up, r.segments, r.locale, r.created_at AS created_at, r.contact_id,
  f.status, f.owner, f.due, f.updated_at, c.name AS contact_name, c.email AS contact_email`;

export interface FollowUpFilter {
  /** One survey, or all. */
  survey?: string;
  status?: FollowUpStatus;
  owner?: string;
  /** Due on or before `day`: rows by their due day; untouched items by their answer's time, before `answeredBefore`. */
  due?: { day: string; answeredBefore: number };
  segments: Record<string, string>;
}

/** Numbered parameters, so the two branches of one statement share their values. */
function parameters() {
  const values: unknown[] = [];
  return { values, bind: (value: unknown) => `?${values.push(value)}` };
}

/**
 * The surveys that have an answer needing a follow-up, in one recursive step per survey: each the
 * next one up in responses_to_follow_up (a seek, not a scan), then a NULL that ends it.
 */
const SURVEYS_TO_FOLLOW_UP = `surveys(name) AS (
    SELECT (SELECT min(r.survey) FROM responses AS r WHERE ${NEEDS_FOLLOW_UP})
    UNION ALL
    SELECT (SELECT min(r.survey) FROM responses AS r WHERE ${NEEDS_FOLLOW_UP} AND r.survey > surveys.name) FROM surveys WHERE surveys.name IS NOT NULL)`;

/**
 * One page of the queue, newest answer first, in one query. Untouched items are only ever `new`
 * and have no owner, so a filter on another status or an owner reads the follow_ups rows alone;
 * otherwise the answers are read in order through the partial index responses_to_follow_up (one
 * survey's items are a range of it, in the list's order; for all surveys, each survey's first
 * `limit` items are taken from its range and sorted together: at most surveys × limit rows, and no
 * branch per survey, as D1 allows only 5 terms in a compound SELECT), merged with the rows whose
 * answer no longer needs a follow-up (an amended score).
 */
export async function listFollowUps(db: D1Database, filter: FollowUpFilter, after: Position | undefined, limit: number): Promise<FollowUpRow[]> {
  const p = parameters();
  const common: string[] = [];
  const survey = filter.survey === undefined ? undefined : p.bind(filter.survey);
  for (const [dimension, value] of Object.entries(filter.segments)) common.push(`json_extract(r.segments, ${p.bind(`$.${dimension}`)}) = ${p.bind(value)}`);
  if (after) {
    const [at, ref] = [p.bind(after.createdAt), p.bind(after.ref)];
    common.push(`(r.created_at < ${at} OR (r.created_at = ${at} AND r.ref < ${ref}))`);
  }
  const rowFilters = survey ? [`f.survey = ${survey}`, ...common] : [...common];
  if (filter.status) rowFilters.push(`f.status = ${p.bind(filter.status)}`);
  if (filter.owner) rowFilters.push(`f.owner = ${p.bind(filter.owner)}`);
  const due = filter.due && { day: p.bind(filter.due.day), before: p.bind(filter.due.answeredBefore) };
  if (due) rowFilters.push(`f.due <= ${due.day}`);
  // CROSS JOIN keeps follow_ups the outer loop: its rows are the few items staff have acted on,
  // where SQLite left to itself walks every response of the period and probes follow_ups.
  const fromRows = `SELECT ${COLUMNS} FROM follow_ups AS f CROSS JOIN responses AS r ON r.id = f.response_id LEFT JOIN contacts AS c ON c.id = r.contact_id`;
  const onlyRows = filter.owner !== undefined || (filter.status !== undefined && filter.status !== 'new');
  let sql: string;
  if (onlyRows) {
    sql = `${fromRows} WHERE ${['true', ...rowFilters].join(' AND ')}`;
  } else {
    const answerFilters = survey ? [`r.survey = ${survey}`, ...common] : [...common];
    if (filter.status) answerFilters.push(`(f.status IS NULL OR f.status = ${p.bind(filter.status)})`);
    if (due) answerFilters.push(`(CASE WHEN f.status IS NULL THEN r.created_at < ${due.before} ELSE f.due <= ${due.day} END)`);
    const answers = survey
      ? `SELECT ${COLUMNS} FROM responses AS r LEFT JOIN follow_ups AS f ON f.response_id = r.id LEFT JOIN contacts AS c ON c.id = r.contact_id
        WHERE ${NEEDS_FOLLOW_UP} AND ${['true', ...answerFilters].join(' AND ')}`
      : // The inner r and f are the subquery's own: one survey's first page, read in order from its range.
        `WITH RECURSIVE ${SURVEYS_TO_FOLLOW_UP}
      SELECT ${COLUMNS} FROM surveys CROSS JOIN responses AS r ON r.rowid IN (
          SELECT r.rowid FROM responses AS r LEFT JOIN follow_ups AS f ON f.response_id = r.id
          WHERE r.survey = surveys.name AND ${NEEDS_FOLLOW_UP} AND ${['true', ...answerFilters].join(' AND ')}
          ORDER BY r.created_at DESC, r.ref DESC LIMIT ${p.bind(limit)})
        LEFT JOIN follow_ups AS f ON f.response_id = r.id LEFT JOIN contacts AS c ON c.id = r.contact_id`;
    sql = `${answers}
      UNION ALL
      ${fromRows} WHERE NOT ${NEEDS_FOLLOW_UP} AND ${['true', ...rowFilters].join(' AND ')}`;
  }
  const order = onlyRows ? 'r.created_at DESC, r.ref DESC' : 'created_at DESC, ref DESC';
  const { results } = await db.prepare(`${sql}\nORDER BY ${order} LIMIT ${p.bind(limit)}`).bind(...p.values).all<FollowUpRow>();
  return results;
}

/** A ref made before migration 0031 (random to its end) is found in this partial index; the condition as it has it. */
const RANDOM_REF = `substr(r.ref, 9) <> ${refTail('r.rowid')}`;

/**
 * The item of an answer, by its ref (16 hex digits, isRef): by the rowid its ref ends in, through
 * responses_to_follow_up_by_random_ref for a ref made before, or by its follow_ups row. The first two
 * are disjoint: a row is found by its rowid exactly when its ref ends in it.
 */
function itemStatement(db: D1Database, ref: string) {
  const answer = `SELECT ${COLUMNS} FROM responses AS r LEFT JOIN follow_ups AS f ON f.response_id = r.id LEFT JOIN contacts AS c ON c.id = r.contact_id`;
  return db
    .prepare(
      `${answer} WHERE r.rowid = ?2 AND r.ref = ?1 AND ${NEEDS_FOLLOW_UP}
       UNION ALL
       ${answer} WHERE r.ref = ?1 AND ${NEEDS_FOLLOW_UP} AND ${RANDOM_REF}
       UNION ALL
       SELECT ${COLUMNS} FROM follow_ups AS f JOIN responses AS r ON r.id = f.response_id LEFT JOIN contacts AS c ON c.id = r.contact_id
        WHERE f.ref = ?1 AND NOT ${NEEDS_FOLLOW_UP}`,
    )
    .bind(ref, rowidOfRef(ref));
}

export async function findFollowUp(db: D1Database, ref: string): Promise<FollowUpRow | null> {
  return (await itemStatement(db, ref).all<FollowUpRow>()).results[0] ?? null;
}

/** The item and its history, oldest change first: one round trip. */
export async function findFollowUpWithHistory(db: D1Database, ref: string) {
  const [item, history] = await db.batch([
    itemStatement(db, ref),
    db
      .prepare('SELECT h.at, h.actor, h.field, h.value FROM follow_ups AS f JOIN follow_up_history AS h ON h.response_id = f.response_id WHERE f.ref = ? ORDER BY h.at, h.id')
      .bind(ref),
  ]);
  const row = (item!.results as FollowUpRow[])[0];
  return row ? { row, history: history!.results as HistoryRow[] } : null;
}

/**
 * One change, in one batch: the follow_ups row (written only over the state read, so a change made
 * meanwhile is never overwritten), one history row per field, and for a status change a touch of
 * the answer's contact (channel 'follow-up'; the trigger of migrations/0011 moves the contact's
 * last touch). False when the item changed meanwhile: nothing was written.
 */
export async function writeFollowUpChange(db: D1Database, row: FollowUpRow, state: FollowUpState, changes: FieldChange[], actor: string, now: number) {
  const written = `EXISTS (SELECT 1 FROM follow_ups WHERE response_id = ?1 AND updated_at = ?2 AND status = ?3 AND owner IS ?4 AND due = ?5)`;
  const statusChanged = changes.some((change) => change.field === 'status');
  const [upsert] = await db.batch([
    db
      .prepare(
        `INSERT INTO follow_ups (response_id, ref, survey, status, owner, due, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (response_id) DO UPDATE SET status = excluded.status, owner = excluded.owner, due = excluded.due, updated_at = excluded.updated_at
           WHERE follow_ups.updated_at IS ?8
         RETURNING response_id`,
      )
      .bind(row.id, row.ref, row.survey, state.status, state.owner, state.due, now, row.updated_at),
    db
      .prepare(`INSERT INTO follow_up_history (response_id, at, actor, field, value) SELECT ?1, ?2, ?6, c.value ->> 'field', c.value ->> 'value' FROM json_each(?7) AS c WHERE ${written}`)
      .bind(row.id, now, state.status, state.owner, state.due, actor, JSON.stringify(changes)),
    ...(statusChanged && row.contact_id
      ? [
          db
            .prepare(
              `INSERT INTO touches (contact_id, at, channel, note, created_at) SELECT ?6, ?2, 'follow-up', ?3, ?2 WHERE ${written}
               ON CONFLICT DO NOTHING`,
            )
            .bind(row.id, now, state.status, state.owner, state.due, row.contact_id),
        ]
      : []),
  ]);
  return upsert!.results.length === 1;
}
