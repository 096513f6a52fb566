/** Days and periods, in one place: UTC 'YYYY-MM-DD' days, their arithmetic, and the period a results URL names. */
import { utcDay, utcMonday, utcMonth } from 'd3-time';
import { cached } from './cached';

/** Both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * The period a results page shows, from its query string (every view has a link):
 * ?period=all (default) | 30 | 90 | 365, or ?from=YYYY-MM-DD&to=YYYY-MM-DD.
 */
export interface Period extends DayRange {
  choice: 'all' | '30' | '90' | '365' | 'custom';
  /** The same length just before, for "change vs previous period"; none for all time. */
  previous: DayRange | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DAY_MS = 86_400_000;
/** Nothing is older: the first day of "all time". */
export const EARLIEST_DAY = '2000-01-01';

// Days by their number since the epoch: the rollup asks for the day of every answer it folds.
const dayNamed = cached((number: number) => new Date(number * DAY_MS).toISOString().slice(0, 10));
const MAX_TIME = 8.64e15;

/** The UTC day of a timestamp or date, as rollups bucket answers. */
export function dayOf(time: number | Date) {
  // Whole milliseconds, as a Date keeps them; NaN or out of range throws as toISOString does.
  const ms = Math.trunc(+time);
  if (!(Math.abs(ms) <= MAX_TIME)) return new Date(ms).toISOString().slice(0, 10);
  return dayNamed(Math.floor(ms / DAY_MS));
}
/** Midnight UTC at the start of a day. */
export const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);

/** `compute` of a 'YYYY-MM-DD' day, worked out once per day: rollup rows come many to a day (one per score or theme). */
export function perDay<T>(compute: (day: string) => T): (day: string) => T {
  const known = new Map<string, T>();
  return (day) => {
    if (known.has(day)) return known.get(day)!;
    const value = compute(day);
    known.set(day, value);
    return value;
  };
}
export const today = () => dayOf(Date.now());
export const addDays = (day: string, days: number) => dayOf(utcDay.offset(dateOf(day), days));
/** The month a day is in, as the monthly rollups key it: its first day. */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
/** The same day of the month `months` later (d3: the 31st to a shorter month moves into the next). */
export const addMonths = (day: string, months: number) => dayOf(utcMonth.offset(dateOf(day), months));
/** The week a day is in, as the weekly rollups and the weekly trend key it: its Monday (UTC). */
export const weekOf = (day: string) => dayOf(utcMonday.floor(dateOf(day)));
export const addWeeks = (day: string, weeks: number) => addDays(day, 7 * weeks);
export const daysBetween = (from: string, to: string) => utcDay.count(dateOf(from), dateOf(to)) + 1;

/** A real calendar day written YYYY-MM-DD. */
export function isDay(value: string | null): value is string {
  return value !== null && DAY.test(value) && dayOf(dateOf(value)) === value;
}

/** How a trend bucket is labelled: a week by its Monday (MM-DD), a month as YYYY-MM. */
export const bucketLabel = (day: string, granularity: 'week' | 'month') => (granularity === 'week' ? day.slice(5) : day.slice(0, 7));

/** From the first of this month a year ago to today: twelve whole months and this one. */
export function lastTwelveMonths(today: string): DayRange {
  return { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`, to: today };
}

export function parsePeriod(params: URLSearchParams, today: string): Period | { error: string } {
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) {
    if (!isDay(from) || !isDay(to)) return { error: 'from and to must both be dates like 2026-01-31' };
    if (from > to) return { error: 'from must not be after to' };
    const length = daysBetween(from, to);
    return {
      choice: 'custom',
      from,
      to,
      // Nothing is older than EARLIEST_DAY: a period reaching back that far is all time, with nothing before it.
      previous: from <= EARLIEST_DAY ? null : { from: addDays(from, -length), to: addDays(from, -1) },
    };
  }
  const choice = params.get('period') ?? 'all';
  if (choice === 'all') return { choice, from: EARLIEST_DAY, to: today, previous: null };
  if (choice === '30' || choice === '90' || choice === '365') {
    const days = Number(choice);
    const start = addDays(today, -(days - 1));
    return { choice, from: start, to: today, previous: { from: addDays(start, -days), to: addDays(start, -1) } };
  }
  return { error: 'period must be all, 30, 90 or 365' };
}

/** The query fields that reproduce a period, for links and forms: { period: '30' } or { from, to }. */
export function periodFields(period: Period): Record<string, string> {
  return period.choice === 'custom' ? { from: period.from, to: period.to } : { period: period.choice };
}

/** The period as [from, to) in milliseconds, for queries on raw responses. */
export function periodMs(range: DayRange) {
  return { from: dateOf(range.from).getTime(), to: dateOf(range.to).getTime() + 86_400_000 };
}
