/** The monthly rollup tables (migrations/0025): what a step adds to them, in the step's own batch. */
import type { AnsweredDelta, DayDelta, InvitationDelta, ThemeDelta } from '@/rollup/deltas';
import { answeredMonthDeltas, invitationMonthDeltas, monthDeltas, themeMonthDeltas } from '@/rollup/months';
import { addInvitations, addScores, addThemes } from './rollup-upserts';

/** The upserts (up to three) a response step adds to its batch: its day deltas summed by month, those with rows. */
export function monthUpserts(db: D1Database, days: readonly DayDelta[], themes: readonly ThemeDelta[], answered: readonly AnsweredDelta[]) {
  const [scores, themed, answers] = [monthDeltas(days), themeMonthDeltas(themes), answeredMonthDeltas(answered)];
  return [
    ...(scores.length ? [addScores(db, 'month', scores)] : []),
    ...(themed.length ? [addThemes(db, 'month', themed)] : []),
    ...(answers.length ? [addInvitations(db, 'month', 'answered', answers)] : []),
  ];
}

/** The upsert an invitation step adds to its batch: invitations sent, by month. */
export function invitationMonthUpsert(db: D1Database, sent: readonly InvitationDelta[]) {
  return addInvitations(db, 'month', 'invitations', invitationMonthDeltas(sent));
}
