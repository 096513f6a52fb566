/** What the results pages read: sums over rollup_days (and rollup_invitations), never a scan of the responses. */
import type { DayRange } from '@/report/days';
import type { DayCommentRow, DayScoreRow, InvitationCounts, ScoreRow, ThemeCountRow, ThemeBucketRow } from '@/report/rows';
import type { Granularity } from '@/report/trend';

// Days are UTC 'YYYY-MM-DD' strings, both ends included.
export async function scoreTotals(db: D1Database, survey: string, path: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT score, sum(answers) AS answers
       FROM rollup_days WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4
       GROUP BY score`,
    )
    .bind(survey, path, range.from, range.to)
    .all<ScoreRow>();
  return results;
}

export async function dailyScores(db: D1Database, survey: string, path: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT day, score, answers, commented FROM rollup_days
       WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4 ORDER BY day`,
    )
    .bind(survey, path, range.from, range.to)
    .all<DayCommentRow>();
  return results;
}

export async function childScores(db: D1Database, survey: string, parent: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT segment_path, score, sum(answers) AS answers
       FROM rollup_days WHERE survey = ?1 AND parent_path = ?2 AND day BETWEEN ?3 AND ?4
       GROUP BY segment_path, score`,
    )
    .bind(survey, parent, range.from, range.to)
    .all<ScoreRow & { segment_path: string }>();
  return results;
}

export async function invitationTotal(db: D1Database, survey: string, path: string, range: DayRange): Promise<InvitationCounts> {
  const row = await db
    .prepare(
      `SELECT coalesce(sum(invitations), 0) AS invitations, coalesce(sum(answered), 0) AS answered
       FROM rollup_invitations WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4`,
    )
    .bind(survey, path, range.from, range.to)
    .first<InvitationCounts>();
  return row ?? { invitations: 0, answered: 0 };
}

export async function childInvitations(db: D1Database, survey: string, parent: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT segment_path, sum(invitations) AS invitations, sum(answered) AS answered FROM rollup_invitations
       WHERE survey = ?1 AND parent_path = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY segment_path`,
    )
    .bind(survey, parent, range.from, range.to)
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
 * The overview's rows in one read of each survey's company rows: per survey, month and score, the
 * answers within `period` (its headline) and within `year` (its sparkline, day the first of the
 * month). The two ranges overlap (the default period, all, holds the year): each row is read once.
 */
export async function companyHeadlineRows(db: D1Database, surveys: string[], period: DayRange, year: DayRange) {
  const from = period.from < year.from ? period.from : year.from;
  const to = period.to > year.to ? period.to : year.to;
  const { results } = await db
    .prepare(
      `SELECT survey, substr(day, 1, 7) || '-01' AS day, score,
         sum(CASE WHEN day BETWEEN ?4 AND ?5 THEN answers ELSE 0 END) AS period,
         sum(CASE WHEN day BETWEEN ?6 AND ?7 THEN answers ELSE 0 END) AS year
       FROM rollup_days
       WHERE survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]' AND day BETWEEN ?2 AND ?3
       GROUP BY survey, substr(day, 1, 7), score`,
    )
    .bind(JSON.stringify(surveys), from, to, period.from, period.to, year.from, year.to)
    .all<{ survey: string; day: string; score: number; period: number; year: number }>();
  return {
    totals: results.map(({ survey, score, period }) => ({ survey, score, answers: period })),
    months: results.filter((row) => row.day >= year.from && row.day <= year.to).map(({ survey, day, score, year }) => ({ survey, day, score, answers: year })),
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
export async function themeCounts(db: D1Database, survey: string, path: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT theme, category, sum(comments) AS comments FROM rollup_themes
       WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY theme, category`,
    )
    .bind(survey, path, range.from, range.to)
    .all<ThemeCountRow>();
  return results;
}

/**
 * The same per trend bucket: by day for weeks (a period of at most 120 days), by month (day is the
 * first of the month) otherwise, so a page reads at most about 120 × themes × 3 rows.
 */
export async function themeCountsBy(db: D1Database, survey: string, path: string, range: DayRange, granularity: Granularity) {
  const { results } = await db
    .prepare(
      `SELECT CASE WHEN ?5 = 'month' THEN substr(day, 1, 7) || '-01' ELSE day END AS day, theme, category, sum(comments) AS comments
       FROM rollup_themes WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY 1, theme, category`,
    )
    .bind(survey, path, range.from, range.to, granularity)
    .all<ThemeBucketRow>();
  return results;
}
