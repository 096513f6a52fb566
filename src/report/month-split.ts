/**
 * A period as the results pages read it: its whole months from the monthly rollups, the days of a
 * partial month at either edge from the daily ones. Both sum to the same figures; a year costs
 * about 12 rows per score and path instead of 365.
 */
import { addDays, addMonths, EARLIEST_DAY, monthOf, type DayRange } from '@/report/days';

export interface MonthSplit {
  /** Days of the partial month the period starts in, read by day. */
  head: DayRange | null;
  /** The whole months (each by its first day, both ends included), read by month. */
  months: DayRange | null;
  /** Days of the partial month the period ends in, read by day. */
  tail: DayRange | null;
}

const lastOf = (day: string) => addDays(addMonths(monthOf(day), 1), -1);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Where answers can be without reading the node's bounds: up to today, as an answer is dated by the Worker's clock when it arrives. */
export const answerDays = (today: string): DayRange => ({ from: EARLIEST_DAY, to: today });

/** The whole period by day: a weekly trend needs its days. */
export const byDay = (range: DayRange): MonthSplit => ({ head: range, months: null, tail: null });

/**
 * Splits `range` into [head days] + [whole months] + [tail days]. `data` is the first and last day
 * with data at the node (nothing outside it counts): a month is whole when the range covers the
 * part of it that can hold data, so the current month is whole up to the data's last day.
 */
export function splitByMonths(range: DayRange, data: DayRange | null): MonthSplit {
  const none: MonthSplit = { head: null, months: null, tail: null };
  if (!data) return none;
  const from = later(range.from, data.from);
  const to = earlier(range.to, data.to);
  if (from > to) return none;
  const covers = (month: string) => from <= later(month, data.from) && to >= earlier(lastOf(month), data.to);
  const first = monthOf(from);
  const last = monthOf(to);
  const firstWhole = covers(first);
  const lastWhole = covers(last);
  if (first === last) return firstWhole ? { ...none, months: { from: first, to: first } } : { ...none, head: { from, to } };
  const months = { from: firstWhole ? first : addMonths(first, 1), to: lastWhole ? last : addMonths(last, -1) };
  return {
    head: firstWhole ? null : { from, to: lastOf(first) },
    months: months.from <= months.to ? months : null,
    tail: lastWhole ? null : { from: last, to },
  };
}
