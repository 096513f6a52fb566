import { utcMonday, utcMonth } from 'd3-time';
import { compare, countsFromScores, estimate, type Direction, type NpsEstimate } from '../nps/interval';
import { daysBetween, type DayRange } from './period';
import { emptyHistogram, type Histogram } from './histogram';

export type Granularity = 'week' | 'month';

export interface TrendPoint extends NpsEstimate {
  start: Date;
  /** First day of the bucket, YYYY-MM-DD. */
  day: string;
  /** Only a significant change from the previous bucket (95%) gets a direction. */
  change: Direction;
}

/** Weeks for a period up to about four months, months beyond. */
export function granularityFor(range: DayRange): Granularity {
  return daysBetween(range.from, range.to) <= 120 ? 'week' : 'month';
}

/** Buckets daily rollups into weeks or months, each with its NPS, interval and change. */
export function trendPoints(daily: { day: string; score: number; answers: number }[], range: DayRange, granularity: Granularity): TrendPoint[] {
  const interval = granularity === 'week' ? utcMonday : utcMonth;
  const start = interval.floor(new Date(`${range.from}T00:00:00Z`));
  const end = new Date(`${range.to}T00:00:00Z`);
  const starts = interval.range(start, interval.offset(end, 1));
  const buckets = new Map<number, Histogram>(starts.map((s) => [s.getTime(), emptyHistogram()]));
  for (const row of daily) {
    const key = interval.floor(new Date(`${row.day}T00:00:00Z`)).getTime();
    const histogram = buckets.get(key);
    if (histogram) histogram[row.score]! += row.answers;
  }
  let previous: Histogram | undefined;
  return starts.map((s) => {
    const histogram = buckets.get(s.getTime())!;
    const counts = countsFromScores(histogram);
    const change = previous ? compare(counts, countsFromScores(previous)).direction : 'none';
    previous = histogram;
    return { ...estimate(counts), start: s, day: s.toISOString().slice(0, 10), change };
  });
}
