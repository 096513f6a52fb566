/**
 * What the results pages read: sums over rollup_days (and rollup_invitations), never a scan of
 * the responses.
 * Days are UTC 'YYYY-MM-DD' strings, both ends included.
 */
export interface DayRange {
  from: string;
  to: string;
}

export interface ScoreRow {
  score: number;
  answers: number;
  /** Of those, answers through an invitation (for the response rate). */
  invited: number;
}

export async function scoreTotals(db: D1Database, survey: string, path: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT score, sum(answers) AS answers, sum(invited) AS invited
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
      `SELECT day, score, answers FROM rollup_days
       WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4 ORDER BY day`,
    )
    .bind(survey, path, range.from, range.to)
    .all<{ day: string; score: number; answers: number }>();
  return results;
}

export async function childScores(db: D1Database, survey: string, parent: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT segment_path, score, sum(answers) AS answers, sum(invited) AS invited
       FROM rollup_days WHERE survey = ?1 AND parent_path = ?2 AND day BETWEEN ?3 AND ?4
       GROUP BY segment_path, score`,
    )
    .bind(survey, parent, range.from, range.to)
    .all<ScoreRow & { segment_path: string }>();
  return results;
}

export async function invitationTotal(db: D1Database, survey: string, path: string, range: DayRange) {
  const row = await db
    .prepare(`SELECT coalesce(sum(invitations), 0) AS n FROM rollup_invitations WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4`)
    .bind(survey, path, range.from, range.to)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function childInvitations(db: D1Database, survey: string, parent: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT segment_path, sum(invitations) AS n FROM rollup_invitations
       WHERE survey = ?1 AND parent_path = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY segment_path`,
    )
    .bind(survey, parent, range.from, range.to)
    .all<{ segment_path: string; n: number }>();
  return new Map(results.map((r) => [r.segment_path, r.n]));
}

/** Company-level answers per score of several surveys at once (the overview): one query for all. */
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

/** The same per month (day is the first of the month), for the overview's sparklines. */
export async function companyMonths(db: D1Database, surveys: string[], range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT survey, substr(day, 1, 7) || '-01' AS day, score, sum(answers) AS answers FROM rollup_days
       WHERE survey IN (SELECT value FROM json_each(?1)) AND segment_path = '[]' AND day BETWEEN ?2 AND ?3
       GROUP BY survey, substr(day, 1, 7), score`,
    )
    .bind(JSON.stringify(surveys), range.from, range.to)
    .all<{ survey: string; day: string; score: number; answers: number }>();
  return results;
}

/** The first day with answers, for "all time" trends. */
export async function firstDay(db: D1Database, survey: string) {
  const row = await db
    .prepare(`SELECT min(day) AS day FROM rollup_days WHERE survey = ? AND segment_path = '[]' AND answers > 0`)
    .bind(survey)
    .first<{ day: string | null }>();
  return row?.day ?? null;
}

/** Comments per theme and category in a period. */
export async function themeCounts(db: D1Database, survey: string, path: string, range: DayRange) {
  const { results } = await db
    .prepare(
      `SELECT theme, category, sum(comments) AS comments FROM rollup_themes
       WHERE survey = ?1 AND segment_path = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY theme, category`,
    )
    .bind(survey, path, range.from, range.to)
    .all<{ theme: string; category: 'detractor' | 'passive' | 'promoter'; comments: number }>();
  return results;
}
