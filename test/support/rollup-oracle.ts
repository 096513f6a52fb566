import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { getSurvey } from '../../functions/surveys/catalog';
import { pathKey, segmentPaths } from '../../src/report/segments';

// What the rollup tests compare the rollup tables with.

/** The oracle: counts per (survey, path, score) by a full scan of the responses the rollup did not set aside. */
export async function fullScan() {
  const { results } = await env.DB.prepare(
    `SELECT survey, score, segments FROM responses
     WHERE id NOT IN (SELECT row_id FROM rollup_set_aside WHERE stream = 'responses')`,
  ).all<{ survey: string; score: number; segments: string }>();
  const counts = new Map<string, number>();
  for (const r of results) {
    for (const path of segmentPaths(getSurvey(r.survey)!.segments, JSON.parse(r.segments))) {
      const key = `${r.survey} ${pathKey(path)} ${r.score}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export async function rollups() {
  const { results } = await env.DB.prepare(
    'SELECT survey, segment_path, score, sum(answers) AS n FROM rollup_scores GROUP BY survey, segment_path, score HAVING n > 0',
  ).all<{ survey: string; segment_path: string; score: number; n: number }>();
  return new Map(results.map((r) => [`${r.survey} ${r.segment_path} ${r.score}`, r.n]));
}

/** The pages' table must say exactly what the full table says, summed over locale and channel. */
export async function daysAgreeWithScores() {
  const days = await env.DB.prepare('SELECT survey, segment_path, day, score, answers AS a, invited AS i FROM rollup_days WHERE answers <> 0 OR invited <> 0 ORDER BY 1, 2, 3, 4').all();
  const scores = await env.DB.prepare(
    `SELECT survey, segment_path, day, score, sum(answers) AS a, sum(CASE WHEN channel = 'invitation' THEN answers ELSE 0 END) AS i
     FROM rollup_scores GROUP BY 1, 2, 3, 4 HAVING a <> 0 OR i <> 0 ORDER BY 1, 2, 3, 4`,
  ).all();
  expect(days.results).toEqual(scores.results);
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
