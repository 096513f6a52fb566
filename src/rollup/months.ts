/** The monthly rollups (migrations/0025): a step's day deltas summed by month, as pure functions. */
import type { AnsweredDelta, DayDelta, InvitationDelta, ThemeDelta } from '@/rollup/deltas';
import { monthOf } from '@/report/days';

/** A day delta moved to its month. */
export type ByMonth<D extends { day: string }> = Omit<D, 'day'> & { month: string };

/**
 * Day deltas summed by month: `key` names a row's identity but its day, `counts` its counts (a
 * number, or numbers summed element by element: the answers per score). Sums that come to nothing
 * are dropped, as the day deltas drop theirs.
 */
function byMonth<D extends { day: string }>(deltas: readonly D[], key: readonly (keyof D)[], counts: readonly (keyof D)[]): ByMonth<D>[] {
  const totals = new Map<string, Record<string, unknown>>();
  for (const { day, ...delta } of deltas) {
    const row: Record<string, unknown> = { ...delta, month: monthOf(day) };
    // Keys are JSON arrays: a segment path (itself JSON) cannot run into the next part.
    const id = JSON.stringify([row.month, ...key.map((k) => row[k as string])]);
    const total = totals.get(id);
    if (!total) {
      // A copy of each list: the day delta's own stays as it is.
      for (const count of counts) if (Array.isArray(row[count as string])) row[count as string] = [...(row[count as string] as number[])];
      totals.set(id, row);
    } else {
      for (const count of counts) {
        const value = row[count as string];
        if (Array.isArray(value)) value.forEach((n: number, i) => ((total[count as string] as number[])[i]! += n));
        else (total[count as string] as number) += value as number;
      }
    }
  }
  const moves = (value: unknown) => (Array.isArray(value) ? value.some((n) => n !== 0) : value !== 0);
  return [...totals.values()].filter((row) => counts.some((count) => moves(row[count as string]))) as ByMonth<D>[];
}

export const monthDeltas = (days: readonly DayDelta[]) => byMonth(days, ['survey', 'segment_path'], ['answers', 'scores', 'invited', 'commented']);
export const themeMonthDeltas = (themes: readonly ThemeDelta[]) => byMonth(themes, ['survey', 'segment_path', 'theme', 'category'], ['comments']);
export const invitationMonthDeltas = (sent: readonly InvitationDelta[]) => byMonth(sent, ['survey', 'segment_path'], ['invitations']);
export const answeredMonthDeltas = (answered: readonly AnsweredDelta[]) => byMonth(answered, ['survey', 'segment_path'], ['answered']);
