/** What the rollup tests compare the rollup tables with: a full scan of the responses. */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { getSurvey } from '../../functions/surveys/catalog';
import { dayOf } from '@/report/days';
import { pathKey, segmentPaths } from '@/report/segments';

/** The responses the rollup did not set aside, counted per survey, path, day and score: answers, invited answers, answers with a comment. */
async function scan() {
  const { results } = await env.DB.prepare(
    `SELECT survey, score, segments, channel, created_at, (reason IS NOT NULL OR follow_up IS NOT NULL) AS commented FROM responses
     WHERE id NOT IN (SELECT row_id FROM rollup_set_aside WHERE stream = 'responses')`,
  ).all<{ survey: string; score: number; segments: string; channel: string; created_at: number; commented: number }>();
  const counts = new Map<string, { answers: number; invited: number; commented: number }>();
  for (const r of results) {
    for (const path of segmentPaths(getSurvey(r.survey)!.segments, JSON.parse(r.segments))) {
      const key = JSON.stringify([r.survey, pathKey(path), dayOf(r.created_at), r.score]);
      const count = counts.get(key) ?? { answers: 0, invited: 0, commented: 0 };
      count.answers += 1;
      if (r.channel === 'invitation') count.invited += 1;
      count.commented += r.commented;
      counts.set(key, count);
    }
  }
  return counts;
}

/** The oracle: answers per (survey, path, score) by a full scan. */
export async function fullScan() {
  const counts = new Map<string, number>();
  for (const [key, { answers }] of await scan()) {
    const [survey, path, , score] = JSON.parse(key) as [string, string, string, number];
    const byScore = `${survey} ${path} ${score}`;
    counts.set(byScore, (counts.get(byScore) ?? 0) + answers);
  }
  return counts;
}

export async function rollups() {
  const { results } = await env.DB.prepare(
    'SELECT survey, segment_path, score, sum(answers) AS n FROM rollup_days GROUP BY survey, segment_path, score HAVING n > 0',
  ).all<{ survey: string; segment_path: string; score: number; n: number }>();
  return new Map(results.map((r) => [`${r.survey} ${r.segment_path} ${r.score}`, r.n]));
}

/** The pages' table, day by day, says exactly what a full scan says, invited and commented answers included. */
export async function daysAgreeWithScan() {
  const { results } = await env.DB.prepare(
    'SELECT survey, segment_path, day, score, answers, invited, commented FROM rollup_days WHERE answers <> 0 OR invited <> 0 OR commented <> 0',
  ).all<{ survey: string; segment_path: string; day: string; score: number; answers: number; invited: number; commented: number }>();
  const days = new Map(
    results.map((r) => [JSON.stringify([r.survey, r.segment_path, r.day, r.score]), { answers: r.answers, invited: r.invited, commented: r.commented }]),
  );
  expect(days).toEqual(await scan());
  await monthsAgreeWithDays();
}

/**
 * The monthly tables (migrations/0025) are the daily ones summed by month (answers, themes, invitations), key by key: the same
 * rows with a non-zero count, exactly, whatever edits moved in between.
 */
export async function monthsAgreeWithDays() {
  const pairs = [
    [
      `SELECT survey, segment_path, parent_path, level, substr(day, 1, 7) || '-01' AS month, score,
              sum(answers) AS answers, sum(invited) AS invited, sum(commented) AS commented
       FROM rollup_days GROUP BY 1, 2, 5, 6`,
      'SELECT survey, segment_path, parent_path, level, month, score, answers, invited, commented FROM rollup_months',
      'answers <> 0 OR invited <> 0 OR commented <> 0',
    ],
    [
      `SELECT survey, segment_path, substr(day, 1, 7) || '-01' AS month, theme, category, sum(comments) AS comments
       FROM rollup_themes GROUP BY 1, 2, 3, 4, 5`,
      'SELECT survey, segment_path, month, theme, category, comments FROM rollup_theme_months',
      'comments <> 0',
    ],
    [
      `SELECT survey, segment_path, parent_path, level, substr(day, 1, 7) || '-01' AS month, sum(invitations) AS invitations, sum(answered) AS answered
       FROM rollup_invitations GROUP BY 1, 2, 5`,
      'SELECT survey, segment_path, parent_path, level, month, invitations, answered FROM rollup_invitation_months',
      'invitations <> 0 OR answered <> 0',
    ],
  ];
  for (const [byDays, months, counted] of pairs) {
    const rows = async (sql: string) => {
      const { results } = await env.DB.prepare(`SELECT * FROM (${sql}) WHERE ${counted}`).all();
      return results.map((row) => JSON.stringify(row)).sort();
    };
    expect(await rows(months!)).toEqual(await rows(byDays!));
  }
}

/** The rows the rollup has set aside, as recorded. */
export async function setAsideRows() {
  const { results } = await env.DB.prepare('SELECT stream, row_id, survey, position, reason FROM rollup_set_aside ORDER BY position').all<{
    stream: string;
    row_id: string;
    survey: string;
    position: number;
    reason: string;
  }>();
  return results;
}
