/** Rollup rows written directly, as the fold leaves them (migrations/0026: a row per path and day or month, answers per score in s0 … s10). */
import { SCORE_COLUMNS } from '@/report/rows';

export interface ScoreFixture {
  survey: string;
  segment_path: string;
  parent_path: string | null;
  level: number;
  /** The day, or the month's first day for rollup_months. */
  at: string;
  score: number;
  answers: number;
  invited?: number;
  commented?: number;
}

const COUNTS = ['answers', 'invited', 'commented', ...SCORE_COLUMNS];

/** Adds `answers` of one score (and their invited and commented counts) to a day's or a month's row. */
export function addScoreRow(db: D1Database, table: 'rollup_days' | 'rollup_months', row: ScoreFixture) {
  const period = table === 'rollup_days' ? 'day' : 'month';
  const scores = SCORE_COLUMNS.map((_, score) => (score === row.score ? row.answers : 0));
  return db
    .prepare(
      `INSERT INTO ${table} (survey, segment_path, parent_path, level, ${period}, ${COUNTS.join(', ')})
       VALUES (${Array.from({ length: 5 + COUNTS.length }, (_, i) => `?${i + 1}`).join(', ')})
       ON CONFLICT (survey, segment_path, ${period}) DO UPDATE SET ${COUNTS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    )
    .bind(row.survey, row.segment_path, row.parent_path, row.level, row.at, row.answers, row.invited ?? 0, row.commented ?? 0, ...scores);
}
