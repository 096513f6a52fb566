/**
 * What a fold step adds to the rollup tables, by day (migrations/0004) or by month (0025): the
 * tables of a period share their columns but the period's own, so one upsert serves both. Each
 * takes the step's rows as one JSON parameter (an array of arrays) and adds them to what is there.
 */
import { SCORE_COLUMNS } from '@/report/rows';
import { jsonParam } from './json-param';

export type RollupPeriod = 'day' | 'month';

const TABLES = {
  day: { scores: 'rollup_days', themes: 'rollup_themes', invitations: 'rollup_invitations' },
  month: { scores: 'rollup_months', themes: 'rollup_theme_months', invitations: 'rollup_invitation_months' },
} as const;

/** Field `i` of a bound row (a JSON array: src/rollup/step.ts gives each row's order). */
const field = (i: number) => `d.value->>'$[${i}]'`;
const fields = (count: number) => Array.from({ length: count }, (_, i) => field(i)).join(', ');

// A row's counts: answers in all, by invitation, with a comment, and per score.
const COUNTS = ['answers', 'invited', 'commented', ...SCORE_COLUMNS];
const ADD_COUNTS = COUNTS.map((count) => `${count} = ${count} + excluded.${count}`).join(', ');

/** Answers in all and per score, how many came by invitation and how many had a comment: one row per survey, path and day or month. */
export function addScores(db: D1Database, period: RollupPeriod, rows: readonly unknown[][]) {
  return db
    .prepare(
      `INSERT INTO ${TABLES[period].scores} (survey, segment_path, parent_path, level, ${period}, ${COUNTS.join(', ')})
       SELECT ${fields(5 + COUNTS.length)}
       FROM json_each(?1) AS d WHERE true
       ON CONFLICT (survey, segment_path, ${period}) DO UPDATE SET ${ADD_COUNTS}`,
    )
    .bind(jsonParam(rows));
}

/** Comments per theme and category. */
export function addThemes(db: D1Database, period: RollupPeriod, rows: readonly unknown[][]) {
  return db
    .prepare(
      `INSERT INTO ${TABLES[period].themes} (survey, segment_path, ${period}, theme, category, comments)
       SELECT ${fields(6)}
       FROM json_each(?1) AS d WHERE true
       ON CONFLICT (survey, segment_path, ${period}, theme, category) DO UPDATE SET comments = comments + excluded.comments`,
    )
    .bind(jsonParam(rows));
}

/** Invitations sent (`invitations`) or answered for the first time (`answered`), counted when sent. */
export function addInvitations(db: D1Database, period: RollupPeriod, column: 'invitations' | 'answered', rows: readonly unknown[][]) {
  return db
    .prepare(
      `INSERT INTO ${TABLES[period].invitations} (survey, segment_path, parent_path, level, ${period}, invitations, answered)
       SELECT ${fields(5)}, ${column === 'invitations' ? `${field(5)}, 0` : `0, ${field(5)}`}
       FROM json_each(?1) AS d WHERE true
       ON CONFLICT (survey, segment_path, ${period}) DO UPDATE SET ${column} = ${column} + excluded.${column}`,
    )
    .bind(jsonParam(rows));
}
