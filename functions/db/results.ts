/** What the results pages read: sums over the rollups (days, months, invitations), never a scan of the responses. */
import type { DayRange } from '@/report/days';
import { splitByMonths, type MonthSplit } from '@/report/month-split';
import type { DayCommentRow, InvitationCounts, ScoreRow, ThemeCountRow, ThemeBucketRow } from '@/report/rows';
import type { Granularity } from '@/report/trend';

// Days are UTC 'YYYY-MM-DD' strings, both ends included.

// A range no day is in: an empty part of a split reads nothing.
const NOTHING: DayRange = { from: '1', to: '0' };

/** A split period's six bound values: head days, whole months, tail days. */
export const splitParams = ({ head, months, tail }: MonthSplit) =>
  [head ?? NOTHING, months ?? NOTHING, tail ?? NOTHING].flatMap((range) => [range.from, range.to]);

/**
 * The rows of a split period (functions/db's only built SQL, from constants): `select` names the
 * day as {day}, the month rows give their first day; the six parameters from ?at are splitParams.
 */
function spanned(select: string, where: string, [days, months]: [string, string], at: number) {
  const part = (table: string, column: string, n: number) =>
    `${select.replaceAll('{day}', column)} FROM ${table} WHERE ${where} AND ${column} BETWEEN ?${n} AND ?${n + 1}`;
  return [part(days, 'day', at), part(months, 'month', at + 2), part(days, 'day', at + 4)].join(' UNION ALL ');
}
const SCORES: [string, string] = ['rollup_days', 'rollup_months'];
const THEMES: [string, string] = ['rollup_themes', 'rollup_theme_months'];
const INVITATIONS: [string, string] = ['rollup_invitations', 'rollup_invitation_months'];

export async function scoreTotals(db: D1Database, survey: string, path: string, split: MonthSplit) {
  const { results } = await db
    .prepare(
      `SELECT score, sum(answers) AS answers
       FROM (${spanned('SELECT score, answers', 'survey = ?1 AND segment_path = ?2', SCORES, 3)})
       GROUP BY score`,
    )
    .bind(survey, path, ...splitParams(split))
    .all<ScoreRow>();
  return results;
}

/** Answers per score and day (the first day of a month for the whole months). */
export async function dailyScores(db: D1Database, survey: string, path: string, split: MonthSplit) {
  const { results } = await db
    .prepare(
      `SELECT day, score, answers, commented
       FROM (${spanned('SELECT {day} AS day, score, answers, commented', 'survey = ?1 AND segment_path = ?2', SCORES, 3)})
       ORDER BY day`,
    )
    .bind(survey, path, ...splitParams(split))
    .all<DayCommentRow>();
  return results;
}

export async function childScores(db: D1Database, survey: string, parent: string, split: MonthSplit) {
  const { results } = await db
    .prepare(
      `SELECT segment_path, score, sum(answers) AS answers
       FROM (${spanned('SELECT segment_path, score, answers', 'survey = ?1 AND parent_path = ?2', SCORES, 3)})
       GROUP BY segment_path, score`,
    )
    .bind(survey, parent, ...splitParams(split))
    .all<ScoreRow & { segment_path: string }>();
  return results;
}

export async function invitationTotal(db: D1Database, survey: string, path: string, split: MonthSplit): Promise<InvitationCounts> {
  const row = await db
    .prepare(
      `SELECT coalesce(sum(invitations), 0) AS invitations, coalesce(sum(answered), 0) AS answered
       FROM (${spanned('SELECT invitations, answered', 'survey = ?1 AND segment_path = ?2', INVITATIONS, 3)})`,
    )
    .bind(survey, path, ...splitParams(split))
    .first<InvitationCounts>();
  return row ?? { invitations: 0, answered: 0 };
}

export async function childInvitations(db: D1Database, survey: string, parent: string, split: MonthSplit) {
  const { results } = await db
    .prepare(
      `SELECT segment_path, sum(invitations) AS invitations, sum(answered) AS answered
       FROM (${spanned('SELECT segment_path, invitations, answered', 'survey = ?1 AND parent_path = ?2', INVITATIONS, 3)})
       GROUP BY segment_path`,
    )
    .bind(survey, parent, ...splitParams(split))
    .all<InvitationCounts & { segment_path: string }>();
  return new Map<string, InvitationCounts>(results.map(({ segment_path, ...counts }) => [segment_path, counts]));
}

/** Company-level answers per score of several surveys at once (the maturity report): one query for all. */
export async function companyTotals(db: D1Database, surveys: string[], range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT survey, score, sum(answers) AS answers, sum(invited) AS invited FROM rollup_days
       WHERE survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]' AND day BETWEEN ?2 AND ?3
       GROUP BY survey, score`,
    )
    .bind(JSON.stringify(surveys), range.from, range.to)
    .all<ScoreRow & { survey: string }>();
  return results;
}

/**
 * The overview's rows in one query: per survey and score, the answers within `period` (its
 * headline), and per survey, month and score within `year` (its sparkline, day the first of the
 * month). `data` is where answers can be (up to today: answers are dated when they arrive), so
 * both read whole months from rollup_months.
 */
export async function companyHeadlineRows(db: D1Database, surveys: string[], period: DayRange, year: DayRange, data: DayRange) {
  const where = `survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]'`;
  const { results } = await db
    .prepare(
      `SELECT survey, NULL AS day, score, sum(answers) AS answers FROM (${spanned('SELECT survey, score, answers', where, SCORES, 2)})
       GROUP BY survey, score
       UNION ALL
       SELECT survey, substr(day, 1, 7) || '-01' AS day, score, sum(answers) AS answers
       FROM (${spanned('SELECT survey, {day} AS day, score, answers', where, SCORES, 8)})
       GROUP BY survey, substr(day, 1, 7), score`,
    )
    .bind(JSON.stringify(surveys), ...splitParams(splitByMonths(period, data)), ...splitParams(splitByMonths(year, data)))
    .all<{ survey: string; day: string | null; score: number; answers: number }>();
  return {
    totals: results.filter((row) => row.day === null).map(({ survey, score, answers }) => ({ survey, score, answers })),
    months: results.flatMap(({ survey, day, score, answers }) => (day === null ? [] : [{ survey, day, score, answers }])),
  };
}

/**
 * The first and last day with answers or invitations at this node, null without any: a period
 * is read within them, so an absurd one (0001-01-01 to 9999-12-31) costs what the data costs.
 * Four walks down the primary keys, each stopping at its first row.
 */
export async function dataBounds(db: D1Database, survey: string, path: string): Promise<DayRange | null> {
  const row = await db
    .prepare(
      `SELECT min(first) AS "from", max(last) AS "to" FROM (
         SELECT (SELECT day FROM rollup_days WHERE survey = ?1 AND segment_path = ?2 AND answers > 0 ORDER BY day LIMIT 1) AS first,
                (SELECT day FROM rollup_days WHERE survey = ?1 AND segment_path = ?2 AND answers > 0 ORDER BY day DESC LIMIT 1) AS last
         UNION ALL
         SELECT (SELECT day FROM rollup_invitations WHERE survey = ?1 AND segment_path = ?2 AND invitations > 0 ORDER BY day LIMIT 1),
                (SELECT day FROM rollup_invitations WHERE survey = ?1 AND segment_path = ?2 AND invitations > 0 ORDER BY day DESC LIMIT 1))`,
    )
    .bind(survey, path)
    .first<{ from: string | null; to: string | null }>();
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}

/** Comments per theme and category in a period. */
export async function themeCounts(db: D1Database, survey: string, path: string, split: MonthSplit) {
  const { results } = await db
    .prepare(
      `SELECT theme, category, sum(comments) AS comments
       FROM (${spanned('SELECT theme, category, comments', 'survey = ?1 AND segment_path = ?2', THEMES, 3)})
       GROUP BY theme, category`,
    )
    .bind(survey, path, ...splitParams(split))
    .all<ThemeCountRow>();
  return results;
}

/**
 * The same per trend bucket: by day for weeks (a period of at most 120 days, read by day), by
 * month (day is the first of the month) otherwise, so a page reads at most about 120 × themes × 3 rows.
 */
export async function themeCountsBy(db: D1Database, survey: string, path: string, split: MonthSplit, granularity: Granularity) {
  const { results } = await db
    .prepare(
      `SELECT CASE WHEN ?9 = 'month' THEN substr(day, 1, 7) || '-01' ELSE day END AS day, theme, category, sum(comments) AS comments
       FROM (${spanned('SELECT {day} AS day, theme, category, comments', 'survey = ?1 AND segment_path = ?2', THEMES, 3)})
       GROUP BY 1, theme, category`,
    )
    .bind(survey, path, ...splitParams(split), granularity)
    .all<ThemeBucketRow>();
  return results;
}
