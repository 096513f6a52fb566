/** The monthly rollup tables (migrations/0025): what a response step adds to them, in its own batch. */
import type { DayDelta, ThemeDelta } from '@/rollup/deltas';
import { monthDeltas, themeMonthDeltas } from '@/rollup/months';

/** The two upserts a response step adds to its batch: its day deltas summed by month. */
export function monthUpserts(db: D1Database, days: readonly DayDelta[], themes: readonly ThemeDelta[]) {
  return [
    db
      .prepare(
        `INSERT INTO rollup_months (survey, segment_path, parent_path, level, month, score, answers, invited, commented)
         SELECT d.value->>'survey', d.value->>'segment_path', d.value->>'parent_path', d.value->>'level', d.value->>'month',
                d.value->>'score', d.value->>'answers', d.value->>'invited', d.value->>'commented'
         FROM json_each(?1) AS d WHERE true
         ON CONFLICT (survey, segment_path, month, score)
         DO UPDATE SET answers = answers + excluded.answers, invited = invited + excluded.invited, commented = commented + excluded.commented`,
      )
      .bind(JSON.stringify(monthDeltas(days))),
    db
      .prepare(
        `INSERT INTO rollup_theme_months (survey, segment_path, month, theme, category, comments)
         SELECT d.value->>'survey', d.value->>'segment_path', d.value->>'month', d.value->>'theme', d.value->>'category', d.value->>'comments'
         FROM json_each(?1) AS d WHERE true
         ON CONFLICT (survey, segment_path, month, theme, category) DO UPDATE SET comments = comments + excluded.comments`,
      )
      .bind(JSON.stringify(themeMonthDeltas(themes))),
  ];
}
