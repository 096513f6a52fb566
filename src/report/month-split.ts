/**
 * A period as the results pages read it: its whole months from the monthly rollups, the days of a
 * partial month at either edge from the daily ones. Both sum to the same figures; a year costs
 * about 12 rows per score and path instead of 365.
 */
import { addDays, addMonths, daysBetween, EARLIEST_DAY, monthOf, type DayRange } from '@/report/days';

/** Days read by day: added (1), or taken out of the month they are in (-1). */
export interface DaysPart extends DayRange {
  sign: 1 | -1;
}

export interface MonthSplit {
  /** Days of the partial month the period starts in: the days in it, or the month less the days before it. */
  head: DaysPart | null;
  /** The months read by month (each by its first day, both ends included). */
  months: DayRange | null;
  /** Days of the partial month the period ends in: the days in it, or the month less the days after it. */
  tail: DaysPart | null;
}

const lastOf = (day: string) => addDays(addMonths(monthOf(day), 1), -1);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Where answers can be without reading the node's bounds: up to today, as an answer is dated by the Worker's clock when it arrives. */
export const answerDays = (today: string): DayRange => ({ from: EARLIEST_DAY, to: today });

/** The whole period by day: a weekly trend needs its days. */
export const byDay = (range: DayRange): MonthSplit => ({ head: { ...range, sign: 1 }, months: null, tail: null });

const length = (range: DayRange | null) => (range ? daysBetween(range.from, range.to) : 0);

/**
 * Splits `range` into [head days] + [months] + [tail days], each partial month at either end read
 * the cheaper way: its days in the period, or the whole month less its days outside the period.
 * `data` is the first and last day with data at the node (nothing outside it counts): a month is
 * whole when the period covers the part of it that can hold data, so the current month is whole up
 * to the data's last day.
 */
export function splitByMonths(range: DayRange, data: DayRange | null): MonthSplit {
  const none: MonthSplit = { head: null, months: null, tail: null };
  if (!data) return none;
  const from = later(range.from, data.from);
  const to = earlier(range.to, data.to);
  if (from > to) return none;
  const first = monthOf(from);
  const last = monthOf(to);
  // The days of the edge months outside the period that can hold data.
  const before = later(first, data.from) < from ? { from: later(first, data.from), to: addDays(from, -1) } : null;
  const after = to < earlier(lastOf(last), data.to) ? { from: addDays(to, 1), to: earlier(lastOf(last), data.to) } : null;
  const less = (days: DayRange | null): DaysPart | null => days && { ...days, sign: -1 };
  if (first === last) {
    if (length(before) + length(after) >= daysBetween(from, to)) return { ...none, head: { from, to, sign: 1 } };
    return { head: less(before), months: { from: first, to: first }, tail: less(after) };
  }
  const headIn = { from, to: lastOf(first) };
  const tailIn = { from: last, to };
  const headByMonth = length(before) < length(headIn);
  const tailByMonth = length(after) < length(tailIn);
  const months = { from: headByMonth ? first : addMonths(first, 1), to: tailByMonth ? last : addMonths(last, -1) };
  return {
    head: headByMonth ? less(before) : { ...headIn, sign: 1 },
    months: months.from <= months.to ? months : null,
    tail: tailByMonth ? less(after) : { ...tailIn, sign: 1 },
  };
}
