/** The trend of a results page: daily rollups bucketed into weeks or months, each with its NPS, interval and significant change. */
import { utcMonday, utcMonth } from 'd3-time';
import { compare, countsFromScores, estimate, type Direction, type NpsEstimate } from '@/nps/interval';
import { dateOf, dayOf, daysBetween, perDay, type DayRange } from '@/report/days';
import { emptyHistogram, withFloor, type Histogram } from '@/report/histogram';

export type Granularity = 'week' | 'month';

export interface TrendPoint extends NpsEstimate {
  start: Date;
  /** First day of the bucket, YYYY-MM-DD. */
  day: string;
  /** Under the privacy floor: no figures, a gap in the chart. */
  hidden: boolean;
  /** Only a significant change from the previous bucket (95%) gets a direction, and only when both are shown. */
  change: Direction;
  /** Answers with a comment in the bucket (0 for rows that do not count them). */
  commented: number;
}

/** The d3-time interval of a bucket: weeks start on Monday (UTC). */
export const bucketInterval = (granularity: Granularity) => (granularity === 'week' ? utcMonday : utcMonth);

/** A trend is read at a glance: past this many buckets only the latest are drawn. */
export const MAX_TREND_POINTS = 120;

/** Weeks for a period up to about four months, months beyond. */
export function granularityFor(range: DayRange): Granularity {
  return daysBetween(range.from, range.to) <= 120 ? 'week' : 'month';
}

/**
 * Buckets daily rollups into weeks or months (at most the last MAX_TREND_POINTS), each with its
 * NPS, interval and change. A bucket under the floor is hidden, and no change is reckoned
 * against it: a marker must never rest on figures nobody is shown.
 */
export function trendPoints(
  daily: { day: string; score: number; answers: number; commented?: number }[],
  range: DayRange,
  granularity: Granularity,
  floor: number,
): TrendPoint[] {
  const interval = bucketInterval(granularity);
  const last = interval.floor(dateOf(range.to));
  const earliest = interval.offset(last, -(MAX_TREND_POINTS - 1));
  const start = new Date(Math.max(interval.floor(dateOf(range.from)).getTime(), earliest.getTime()));
  const starts = interval.range(start, interval.offset(last, 1));
  const buckets = new Map<number, Histogram>(starts.map((s) => [s.getTime(), emptyHistogram()]));
  const commented = new Map<number, number>();
  const bucketOf = perDay((day) => interval.floor(dateOf(day)).getTime());
  for (const row of daily) {
    const key = bucketOf(row.day);
    const histogram = buckets.get(key);
    if (!histogram) continue;
    histogram[row.score]! += row.answers;
    commented.set(key, (commented.get(key) ?? 0) + (row.commented ?? 0));
  }
  let previous: Histogram | undefined;
  return starts.map((s) => {
    const histogram = buckets.get(s.getTime())!;
    const counts = countsFromScores(histogram);
    const point = withFloor(estimate(counts), floor);
    const change = previous && !point.hidden ? compare(counts, countsFromScores(previous)).direction : 'none';
    previous = point.hidden ? undefined : histogram;
    return { ...point, start: s, day: dayOf(s), change, commented: commented.get(s.getTime()) ?? 0 };
  });
}
