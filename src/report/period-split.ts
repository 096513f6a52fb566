/**
 * A period as the results pages read it: its whole months (or weeks) from the monthly (weekly)
 * rollups, the days of a partial month (week) at either edge from the daily ones. All sum to the
 * same figures; a year costs about 12 rows per path instead of 365, a weekly trend over 90 days
 * 13 weeks and a few days instead of 90 days.
 */
import { addDays, addMonths, addWeeks, daysBetween, EARLIEST_DAY, monthOf, weekOf, type DayRange } from '@/report/days';
import type { Granularity } from '@/report/trend';

/** The rollups' longer periods (migrations/0025, 0032), each kept by its first day: the trend's buckets, so a trend reads its own. */
export type Unit = Granularity;

/** Days read by day: added (1), or taken out of the month or week they are in (-1). */
export interface DaysPart extends DayRange {
  sign: 1 | -1;
}

export interface PeriodSplit<U extends Unit = Unit> {
  /** Which rollups the whole periods are read from. */
  unit: U;
  /** Days of the partial month (week) the period starts in: the days in it, or the month less the days before it. */
  head: DaysPart | null;
  /** The months or weeks read whole (each by its first day, both ends included). */
  whole: DayRange | null;
  /** Days of the partial month (week) the period ends in: the days in it, or the month less the days after it. */
  tail: DaysPart | null;
}
export type MonthSplit = PeriodSplit<'month'>;

/** A unit's calendar: the first day of the one a day is in, and the one `n` later. */
const CALENDAR: Record<Unit, { of: (day: string) => string; add: (first: string, n: number) => string }> = {
  month: { of: monthOf, add: addMonths },
  week: { of: weekOf, add: addWeeks },
};

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Where answers can be without reading the node's bounds: up to today, as an answer is dated by the Worker's clock when it arrives. */
export const answerDays = (today: string): DayRange => ({ from: EARLIEST_DAY, to: today });

const length = (range: DayRange | null) => (range ? daysBetween(range.from, range.to) : 0);

/**
 * Splits `range` into [head days] + [whole months or weeks] + [tail days], each partial one at
 * either end read the cheaper way: its days in the period, or the whole month (week) less its days
 * outside the period. `data` is the first and last day with data at the node (nothing outside it
 * counts): a month (week) is whole when the period covers the part of it that can hold data, so
 * the current one is whole up to the data's last day.
 */
export function splitBy<U extends Unit>(unit: U, range: DayRange, data: DayRange | null): PeriodSplit<U> {
  const { of, add } = CALENDAR[unit];
  const none: PeriodSplit<U> = { unit, head: null, whole: null, tail: null };
  if (!data) return none;
  const from = later(range.from, data.from);
  const to = earlier(range.to, data.to);
  if (from > to) return none;
  const first = of(from);
  const last = of(to);
  const lastDayOf = (start: string) => addDays(add(start, 1), -1);
  // The days of the edge months (weeks) outside the period that can hold data.
  const before = later(first, data.from) < from ? { from: later(first, data.from), to: addDays(from, -1) } : null;
  const after = to < earlier(lastDayOf(last), data.to) ? { from: addDays(to, 1), to: earlier(lastDayOf(last), data.to) } : null;
  const less = (days: DayRange | null): DaysPart | null => days && { ...days, sign: -1 };
  if (first === last) {
    if (length(before) + length(after) >= daysBetween(from, to)) return { ...none, head: { from, to, sign: 1 } };
    return { unit, head: less(before), whole: { from: first, to: first }, tail: less(after) };
  }
  const headIn = { from, to: lastDayOf(first) };
  const tailIn = { from: last, to };
  const headWhole = length(before) < length(headIn);
  const tailWhole = length(after) < length(tailIn);
  const whole = { from: headWhole ? first : add(first, 1), to: tailWhole ? last : add(last, -1) };
  return {
    unit,
    head: headWhole ? less(before) : { ...headIn, sign: 1 },
    whole: whole.from <= whole.to ? whole : null,
    tail: tailWhole ? less(after) : { ...tailIn, sign: 1 },
  };
}

export const splitByMonths = (range: DayRange, data: DayRange | null): MonthSplit => splitBy('month', range, data);
