/** The monthly rollup tables (migrations/0025): what a step adds to them, in the step's own batch. */
import type { AnsweredDelta, DayDelta, InvitationDelta, ThemeDelta } from '@/rollup/deltas';
import { answeredMonthDeltas, invitationMonthDeltas, monthDeltas, themeMonthDeltas } from '@/rollup/months';

/** The three upserts a response step adds to its batch: its day deltas summed by month. */
export function monthUpserts(db: D1Database, days: readonly DayDelta[], themes: readonly ThemeDelta[], answered: readonly AnsweredDelta[]) {
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
    db
      .prepare(
        `INSERT INTO rollup_invitation_months (survey, segment_path, parent_path, level, month, invitations, answered)
         SELECT d.value->>'survey', d.value->>'segment_path', d.value->>'parent_path', d.value->>'level', d.value->>'month', 0, d.value->>'answered'
         FROM json_each(?1) AS d WHERE true
         ON CONFLICT (survey, segment_path, month) DO UPDATE SET answered = answered + excluded.answered`,
      )
      .bind(JSON.stringify(answeredMonthDeltas(answered))),
  ];
}

/** The upsert an invitation step adds to its batch: invitations sent, by month. */
export function invitationMonthUpsert(db: D1Database, sent: readonly InvitationDelta[]) {
  return db
    .prepare(
      `INSERT INTO rollup_invitation_months (survey, segment_path, parent_path, level, month, invitations)
       SELECT d.value->>'survey', d.value->>'segment_path', d.value->>'parent_path', d.value->>'level', d.value->>'month', d.value->>'invitations'
       FROM json_each(?1) AS d WHERE true
       ON CONFLICT (survey, segment_path, month) DO UPDATE SET invitations = invitations + excluded.invitations`,
    )
    .bind(JSON.stringify(invitationMonthDeltas(sent)));
}
