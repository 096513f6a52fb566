import { utcDay } from 'd3-time';

/**
 * The period a results page shows, from its query string (every view has a link):
 * ?period=all (default) | 30 | 90 | 365, or ?from=YYYY-MM-DD&to=YYYY-MM-DD.
 */
export interface DayRange {
  from: string;
  to: string;
}

export interface Period extends DayRange {
  choice: 'all' | '30' | '90' | '365' | 'custom';
  /** The same length just before, for "change vs previous period"; none for all time. */
  previous: DayRange | null;
  /** Query string that reproduces this period (for links). */
  query: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const EARLIEST_DAY = '2000-01-01';

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => toDay(utcDay.offset(toDate(day), days));
export const daysBetween = (from: string, to: string) => utcDay.count(toDate(from), toDate(to)) + 1;

function isDay(value: string | null): value is string {
  return value !== null && DAY.test(value) && toDay(toDate(value)) === value;
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
      query: `from=${from}&to=${to}`,
    };
  }
  const choice = params.get('period') ?? 'all';
  if (choice === 'all') return { choice, from: EARLIEST_DAY, to: today, previous: null, query: 'period=all' };
  if (choice === '30' || choice === '90' || choice === '365') {
    const days = Number(choice);
    const start = addDays(today, -(days - 1));
    return { choice, from: start, to: today, previous: { from: addDays(start, -days), to: addDays(start, -1) }, query: `period=${choice}` };
  }
  return { error: 'period must be all, 30, 90 or 365' };
}

/** The period as [from, to) in milliseconds, for queries on raw responses. */
export function periodMs(range: DayRange) {
  return { from: Date.parse(`${range.from}T00:00:00Z`), to: Date.parse(`${range.to}T00:00:00Z`) + 86_400_000 };
}
