/** The monthly rollups (rollup_months, rollup_theme_months): a step's day deltas summed by month, as pure functions. */
import type { DayDelta, ThemeDelta } from '@/rollup/deltas';

/** The month a day is in, as the month tables key it: its first day. */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

export type MonthDelta = Omit<DayDelta, 'day'> & { month: string };
export type ThemeMonthDelta = Omit<ThemeDelta, 'day'> & { month: string };

/** Sums rows that share a key, dropping the sums that came to nothing. */
function summed<R>(rows: R[], key: (row: R) => string, add: (into: R, row: R) => void, empty: (row: R) => boolean): R[] {
  const totals = new Map<string, R>();
  for (const row of rows) {
    const id = key(row);
    const total = totals.get(id);
    if (total) add(total, row);
    else totals.set(id, { ...row });
  }
  return [...totals.values()].filter((row) => !empty(row));
}

// Keys are JSON arrays: a segment path (itself JSON) cannot run into the next part.
export function monthDeltas(days: readonly DayDelta[]): MonthDelta[] {
  return summed(
    days.map(({ day, ...row }): MonthDelta => ({ ...row, month: monthOf(day) })),
    (row) => JSON.stringify([row.survey, row.segment_path, row.month, row.score]),
    (into, row) => {
      into.answers += row.answers;
      into.invited += row.invited;
      into.commented += row.commented;
    },
    (row) => row.answers === 0 && row.invited === 0 && row.commented === 0,
  );
}

export function themeMonthDeltas(themes: readonly ThemeDelta[]): ThemeMonthDelta[] {
  return summed(
    themes.map(({ day, ...row }): ThemeMonthDelta => ({ ...row, month: monthOf(day) })),
    (row) => JSON.stringify([row.survey, row.segment_path, row.month, row.theme, row.category]),
    (into, row) => {
      into.comments += row.comments;
    },
    (row) => row.comments === 0,
  );
}

/** A row's share of a step with what it adds to the month tables: each is bound as one more JSON value, sized as the days are. */
export const withMonths = <S extends { days: DayDelta[]; themes: ThemeDelta[] }>(share: S) => ({
  ...share,
  months: monthDeltas(share.days),
  themeMonths: themeMonthDeltas(share.themes),
});
