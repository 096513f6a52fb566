/** The weekly digest in D1: its figures for every survey at once (rollups, open follow-ups), and the digests written. */
import type { AlertTarget } from '@/alerts/payload';
import type { DayRange } from '@/report/days';
import type { OpenFollowUps } from '@/digest/digest';
import { scoreRowsOf, type ScoreColumns, type ThemeCountRow } from '@/report/rows';
import { SUMMED_SCORES } from './results';
import { NEEDS_FOLLOW_UP } from './follow-ups';

// Every read takes all surveys as one JSON parameter, so a run costs the same D1 queries for 2 or 200.

/** Company-level answers per score in both weeks, and how many have a comment, for every survey: `current` 1 for the later week. */
export async function weekTotals(db: D1Database, surveys: string[], previous: DayRange, current: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT survey, day >= ?3 AS current, sum(commented) AS commented, ${SUMMED_SCORES}
       FROM rollup_days
       WHERE survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]' AND day BETWEEN ?2 AND ?4
       GROUP BY survey, day >= ?3`,
    )
    .bind(JSON.stringify(surveys), previous.from, current.from, current.to)
    .all<ScoreColumns & { survey: string; current: number; commented: number }>();
  return results.flatMap((row) => scoreRowsOf(row, { survey: row.survey, current: row.current }, { commented: row.commented }));
}

/** Comments per theme and category in both weeks, for every survey: `current` 1 for the later week. */
export async function weekThemes(db: D1Database, surveys: string[], previous: DayRange, current: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT survey, day >= ?3 AS current, theme, category, sum(comments) AS comments FROM rollup_themes
       WHERE survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]' AND day BETWEEN ?2 AND ?4
       GROUP BY survey, day >= ?3, theme, category`,
    )
    .bind(JSON.stringify(surveys), previous.from, current.from, current.to)
    .all<ThemeCountRow & { survey: string; current: number }>();
  return results;
}

/**
 * Open follow-ups per survey (migration 0011): an answer that needs one (a detractor's, or a passive's
 * with a comment: NEEDS_FOLLOW_UP, the condition of the partial index responses_to_follow_up, so
 * SQLite reads it) and nobody has touched, or one whose follow-up is 'new' or 'contacted'.
 * The oldest by the answer's time; SQLite fills the bare `ref` from the row min() picked.
 */
export async function openFollowUps(db: D1Database, surveys: string[]) {
  const { results } = await db
    .prepare(
      `WITH open AS (
         SELECT r.survey, r.created_at, r.ref FROM responses AS r
         WHERE r.survey IN (SELECT value FROM json_each(?1))
           AND ${NEEDS_FOLLOW_UP}
           AND NOT EXISTS (SELECT 1 FROM follow_ups AS f WHERE f.response_id = r.id)
         UNION ALL
         SELECT f.survey, r.created_at, f.ref FROM follow_ups AS f JOIN responses AS r ON r.id = f.response_id
         WHERE f.survey IN (SELECT value FROM json_each(?1)) AND f.status IN ('new', 'contacted')
       )
       SELECT survey, count(*) AS open, min(created_at) AS oldestAt, ref AS oldestRef FROM open GROUP BY survey`,
    )
    .bind(JSON.stringify(surveys))
    .all<OpenFollowUps & { survey: string }>();
  return results;
}

export interface NewDigest {
  id: string;
  survey: string;
  body: unknown;
}

/** D1 queries saveDigests makes (each statement of the batch counts): the digests, a delivery row per target. */
export const SAVE_QUERIES = 1 + 2;

/**
 * Writes the week's digests with a 'queued' delivery per target, in one batch; a survey that has
 * its digest for this week already gets none (the run was repeated). Returns the ids written.
 */
export async function saveDigests(db: D1Database, digests: NewDigest[], weekTo: string, targets: readonly AlertTarget[], now: number) {
  const list = JSON.stringify(digests);
  const ids = JSON.stringify(digests.map((d) => d.id));
  const [written] = await db.batch<{ id: string }>([
    db
      .prepare(
        `INSERT INTO digests (id, survey, week_to, body, created_at)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.survey'), ?2, json_extract(value, '$.body'), ?3
         FROM json_each(?1) WHERE true
         ON CONFLICT (survey, week_to) DO NOTHING
         RETURNING id`,
      )
      .bind(list, weekTo, now),
    ...targets.map((target) =>
      db
        .prepare(
          `INSERT INTO digest_deliveries (digest_id, target, status, updated_at)
           SELECT id, ?1, 'queued', ?2 FROM digests WHERE id IN (SELECT value FROM json_each(?3))`,
        )
        .bind(target, now, ids),
    ),
  ]);
  return written!.results.map((row) => row.id);
}

export interface DigestRow {
  id: string;
  body: string;
  status: string | null;
}

/** A digest with its delivery's status to `target`. */
export function findDigest(db: D1Database, id: string, target: AlertTarget) {
  return db
    .prepare(
      `SELECT g.id, g.body, d.status FROM digests AS g
       LEFT JOIN digest_deliveries AS d ON d.digest_id = g.id AND d.target = ?2 WHERE g.id = ?1`,
    )
    .bind(id, target)
    .first<DigestRow>();
}
