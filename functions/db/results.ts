/** What the results pages read: sums over the rollups (days, weeks, months, invitations), never a scan of the responses. */
import { monthOf, type DayRange } from '@/report/days';
import { splitByMonths, type MonthSplit, type PeriodSplit, type Unit } from '@/report/period-split';
import { SCORE_COLUMNS, scoreRowsOf, type DayCommentRow, type InvitationCounts, type ScoreColumns, type ScoreRow, type ThemeCountRow, type ThemeBucketRow } from '@/report/rows';

// Days are UTC 'YYYY-MM-DD' strings, both ends included.

/** A condition under which a read reads nothing: SQL over one parameter (its number given), and that parameter's value. */
export interface Unless {
  sql: (param: string) => string;
  value: string;
}

// A range no day is in: an empty part of a split reads nothing.
const NOTHING = { from: '1', to: '0', sign: 1 };

/** A split period's eight bound values: head days and their sign, whole months or weeks, tail days and their sign. */
export const splitParams = ({ head, whole, tail }: PeriodSplit) => {
  const [h, t] = [head ?? NOTHING, tail ?? NOTHING];
  const w = whole ?? NOTHING;
  return [h.from, h.to, h.sign, w.from, w.to, t.from, t.to, t.sign];
};

/** The values a spanned read binds after its first two: the split's eight, then the guard's when it has one. */
const spannedValues = (split: PeriodSplit, unless?: Unless) => (unless ? [...splitParams(split), unless.value] : splitParams(split));

/**
 * The rows of a split period (functions/db's only built SQL, from constants): `select` names the
 * day as {day} (a month's or week's row gives its first day) and multiplies its counts by {sign}
 * (days taken out of a month or week count negative); the eight parameters from ?at are splitParams. Three terms of a
 * compound SELECT, of D1's 5. Rows come back as stored, for the report to sum: D1 counts each row
 * a GROUP BY sorts, or an outer query reads from a subquery, as read once more (the children's
 * rows alone are summed in SQL: see childScores). With `unless`, no rows while its condition holds
 * (its value bound after the split's).
 */
function spanned<U extends Unit>(select: string, where: string, rollup: Rollup<U>, unit: U, at: number, unless?: Unless) {
  // Guarded (the page cache's lookup batches a page's reads with it): while the condition holds, each
  // range ends at NULL, so the index walk stops before its first row.
  const end = (n: number) => (unless ? `CASE WHEN ${unless.sql(`?${at + 8}`)} THEN NULL ELSE ?${n + 1} END` : `?${n + 1}`);
  const part = (table: string, column: string, n: number, sign: string) =>
    `${select.replaceAll('{day}', column).replaceAll('{sign}', sign)} FROM ${table} WHERE ${where} AND ${column} BETWEEN ?${n} AND ${end(n)}`;
  return [part(rollup.day, 'day', at, `?${at + 2}`), part(rollup[unit], unit, at + 3, '1'), part(rollup.day, 'day', at + 5, `?${at + 7}`)].join(' UNION ALL ');
}

/**
 * spanned's rows packed: each of its three terms gives one row, its rows as one JSON array of
 * objects (`columns`: each name with its SQL, {day} and {sign} as in spanned). An aggregate reads
 * the rows its term reads and no more, so D1 counts the rows read it counted before; the Worker
 * parses three strings instead of the D1 binding converting every row (a 90-day view returned about
 * 1,100 rows by day before it read weeks: 0.9 ms less of its CPU at 200,000 answers, bench/page-profile.mjs).
 */
function packed<U extends Unit>(columns: [string, string][], where: string, rollup: Rollup<U>, unit: U, at: number, unless?: Unless) {
  const object = columns.map(([name, sql]) => `'${name}', ${sql}`).join(', ');
  return spanned(`SELECT json_group_array(json_object(${object})) AS rows`, where, rollup, unit, at, unless);
}

/** The rows of packed's terms, in one array. */
const unpacked = <T>(results: { rows: string }[]): T[] => results.flatMap((result) => JSON.parse(result.rows) as T[]);

/** A rollup's tables: by day, and by each longer period it is kept by (its column named as the unit). */
type Rollup<U extends Unit> = { day: string } & Record<U, string>;
// Weeks (migrations/0032) only where a weekly trend reads them: a node's own scores and themes.
const SCORES: Rollup<Unit> = { day: 'rollup_days', month: 'rollup_months', week: 'rollup_weeks' };
// A stored row's answers per score, each times the part's sign (migrations/0026: one row per path and day or month):
// as packed's columns, and as a select list.
const SIGNED_SCORE_COLUMNS = SCORE_COLUMNS.map((column): [string, string] => [column, `{sign} * ${column}`]);
const SIGNED_SCORES = SIGNED_SCORE_COLUMNS.map(([name, sql]) => `${sql} AS ${name}`).join(', ');
/** The score columns summed over the rows a GROUP BY gathers, each under its own name. */
export const SUMMED_SCORES = SCORE_COLUMNS.map((column) => `sum(${column}) AS ${column}`).join(', ');
const NO_COUNTS = {};
const THEMES: Rollup<Unit> = { day: 'rollup_themes', month: 'rollup_theme_months', week: 'rollup_theme_weeks' };
const INVITATIONS: Rollup<'month'> = { day: 'rollup_invitations', month: 'rollup_invitation_months' };

/** Answers per score in a period, a row per score of each day or month read (the report sums them). */
export async function scoreTotals(db: D1Database, survey: string, path: string, split: PeriodSplit, unless?: Unless): Promise<ScoreRow[]> {
  const { results } = await db
    .prepare(packed(SIGNED_SCORE_COLUMNS, 'survey = ?1 AND segment_path = ?2', SCORES, split.unit, 3, unless))
    .bind(survey, path, ...spannedValues(split, unless))
    .all<{ rows: string }>();
  return unpacked<ScoreColumns>(results).flatMap((row) => scoreRowsOf(row, NO_COUNTS, NO_COUNTS));
}

/** Answers per score and day (the first day of a month or week for the whole ones), and how many have a comment. */
export async function dailyScores(db: D1Database, survey: string, path: string, split: PeriodSplit, unless?: Unless): Promise<DayCommentRow[]> {
  const { results } = await db
    .prepare(packed([['day', '{day}'], ['commented', '{sign} * commented'], ...SIGNED_SCORE_COLUMNS], 'survey = ?1 AND segment_path = ?2', SCORES, split.unit, 3, unless))
    .bind(survey, path, ...spannedValues(split, unless))
    .all<{ rows: string }>();
  return unpacked<ScoreColumns & { day: string; commented: number }>(results).flatMap((row) => scoreRowsOf(row, { day: row.day }, { commented: row.commented }));
}

/**
 * The children's answers per score in a period, summed by child in SQL: one row per child instead
 * of one per child and day or month read (a function's 12 people over a year: 12 rows, not 156),
 * so the Worker converts a tenth of the rows. D1 counts the rows the sum reads twice (a page reads
 * a quarter to a third more), which buys 0.3–0.7 ms of a page rendered anew (bench/page-profile.mjs).
 */
export async function childScores(db: D1Database, survey: string, parent: string, split: MonthSplit, unless?: Unless): Promise<(ScoreRow & { segment_path: string })[]> {
  const { results } = await db
    .prepare(`SELECT segment_path, ${SUMMED_SCORES} FROM (${spanned(`SELECT segment_path, ${SIGNED_SCORES}`, 'survey = ?1 AND parent_path = ?2', SCORES, 'month', 3, unless)}) GROUP BY segment_path`)
    .bind(survey, parent, ...spannedValues(split, unless))
    .all<ScoreColumns & { segment_path: string }>();
  return results.flatMap((row) => scoreRowsOf(row, { segment_path: row.segment_path }, NO_COUNTS));
}

const addCounts = (a: InvitationCounts, b: InvitationCounts): InvitationCounts => ({ invitations: a.invitations + b.invitations, answered: a.answered + b.answered });
const NO_INVITATIONS: InvitationCounts = { invitations: 0, answered: 0 };

export async function invitationTotal(db: D1Database, survey: string, path: string, split: MonthSplit, unless?: Unless): Promise<InvitationCounts> {
  const { results } = await db
    .prepare(spanned('SELECT {sign} * coalesce(sum(invitations), 0) AS invitations, {sign} * coalesce(sum(answered), 0) AS answered', 'survey = ?1 AND segment_path = ?2', INVITATIONS, 'month', 3, unless))
    .bind(survey, path, ...spannedValues(split, unless))
    .all<InvitationCounts>();
  return results.reduce(addCounts, NO_INVITATIONS);
}

/** The children's invitations in a period, summed by child in SQL as childScores's answers are. */
export async function childInvitations(db: D1Database, survey: string, parent: string, split: MonthSplit, unless?: Unless) {
  const { results } = await db
    .prepare(`SELECT segment_path, sum(invitations) AS invitations, sum(answered) AS answered FROM (${spanned('SELECT segment_path, {sign} * invitations AS invitations, {sign} * answered AS answered', 'survey = ?1 AND parent_path = ?2', INVITATIONS, 'month', 3, unless)}) GROUP BY segment_path`)
    .bind(survey, parent, ...spannedValues(split, unless))
    .all<InvitationCounts & { segment_path: string }>();
  const byChild = new Map<string, InvitationCounts>();
  // A row per child (summed above); a month less its days outside the period can net to nothing: no invitation in the period.
  for (const { segment_path, ...counts } of results) if (counts.invitations !== 0 || counts.answered !== 0) byChild.set(segment_path, counts);
  return byChild;
}

/** Company-level answers per score of several surveys at once (the maturity report): one query for all. */
export async function companyTotals(db: D1Database, surveys: string[], range: DayRange): Promise<(ScoreRow & { survey: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT survey, ${SUMMED_SCORES} FROM rollup_days
       WHERE survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]' AND day BETWEEN ?2 AND ?3
       GROUP BY survey`,
    )
    .bind(JSON.stringify(surveys), range.from, range.to)
    .all<ScoreColumns & { survey: string }>();
  return results.flatMap((row) => scoreRowsOf(row, { survey: row.survey }, NO_COUNTS));
}

/**
 * The overview's rows in one query: per survey, the answers within `period` (its headline), and
 * per survey and month within `year` (its sparkline, twelve whole months and this one: read by
 * month). `data` is where answers can be (up to today: answers are dated when they arrive), so
 * the period reads its whole months by month too. D1 takes at most 5 terms in a compound SELECT.
 */
export async function companyHeadlineRows(db: D1Database, surveys: string[], period: DayRange, year: DayRange, data: DayRange) {
  const where = `survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]'`;
  const { results } = await db
    .prepare(
      `${spanned(`SELECT 'period' AS part, survey, {day} AS day, ${SIGNED_SCORES}`, where, SCORES, 'month', 2)}
       UNION ALL SELECT 'year', survey, month, ${SCORE_COLUMNS.join(', ')} FROM rollup_months WHERE ${where} AND month BETWEEN ?10 AND ?11`,
    )
    .bind(JSON.stringify(surveys), ...splitParams(splitByMonths(period, data)), year.from, monthOf(year.to))
    .all<ScoreColumns & { part: 'period' | 'year'; survey: string; day: string }>();
  return {
    totals: results.flatMap((row) => (row.part === 'period' ? scoreRowsOf(row, { survey: row.survey }, NO_COUNTS) : [])),
    months: results.flatMap((row) => (row.part === 'year' ? scoreRowsOf(row, { survey: row.survey, day: row.day }, NO_COUNTS) : [])),
  };
}

/**
 * The first and last day with answers or invitations at a node, as one value, 'from to' (null
 * without any), over the SQL parameters `survey` and `path` (e.g. '?1', '?2'): a scalar subquery,
 * so the page cache's lookup can read it with the page (functions/db/page-cache.ts). Four walks
 * down the primary keys, each stopping at its first row.
 */
export const boundsOf = (survey: string, path: string) => `(SELECT min(first) || ' ' || max(last) FROM (
    SELECT (SELECT day FROM rollup_days WHERE survey = ${survey} AND segment_path = ${path} AND answers > 0 ORDER BY day LIMIT 1) AS first,
           (SELECT day FROM rollup_days WHERE survey = ${survey} AND segment_path = ${path} AND answers > 0 ORDER BY day DESC LIMIT 1) AS last
    UNION ALL
    SELECT (SELECT day FROM rollup_invitations WHERE survey = ${survey} AND segment_path = ${path} AND invitations > 0 ORDER BY day LIMIT 1),
           (SELECT day FROM rollup_invitations WHERE survey = ${survey} AND segment_path = ${path} AND invitations > 0 ORDER BY day DESC LIMIT 1)))`;

/** boundsOf's value as a range. */
export function boundsFrom(value: string | null | undefined): DayRange | null {
  const [from, to] = value ? value.split(' ') : [];
  return from && to ? { from, to } : null;
}

/**
 * The first and last day with answers or invitations at this node, null without any: a period
 * is read within them, so an absurd one (0001-01-01 to 9999-12-31) costs what the data costs.
 */
export async function dataBounds(db: D1Database, survey: string, path: string): Promise<DayRange | null> {
  return boundsFrom(await db.prepare(`SELECT ${boundsOf('?1', '?2')} AS bounds`).bind(survey, path).first<string | null>('bounds'));
}

/** Comments per theme and category in a period, a row per day or month (the report sums them). */
export async function themeCounts(db: D1Database, survey: string, path: string, split: PeriodSplit, unless?: Unless) {
  const { results } = await db
    .prepare(spanned('SELECT theme, category, {sign} * comments AS comments', 'survey = ?1 AND segment_path = ?2', THEMES, split.unit, 3, unless))
    .bind(survey, path, ...spannedValues(split, unless))
    .all<ThemeCountRow>();
  return results;
}

/** The same with the day of each (the first day of a whole month or week), for the trend's buckets: a weekly trend passes a split by weeks. */
export async function themeCountsBy(db: D1Database, survey: string, path: string, split: PeriodSplit, unless?: Unless) {
  const { results } = await db
    .prepare(packed([['day', '{day}'], ['theme', 'theme'], ['category', 'category'], ['comments', '{sign} * comments']], 'survey = ?1 AND segment_path = ?2', THEMES, split.unit, 3, unless))
    .bind(survey, path, ...spannedValues(split, unless))
    .all<{ rows: string }>();
  return unpacked<ThemeBucketRow>(results);
}
