/** Themes over time: each theme's share of the comments per week or month, significant rises marked (two-proportion z-test), and the theme that grew most. No I/O. */
import { compareProportions, type ProportionChange } from '@/nps/proportion';
import { dateOf, dayOf, perDay } from '@/report/days';
import { THEMES } from '@/report/themes';
import { bucketInterval, type Granularity } from '@/report/trend';

/** Comments of one theme on one day (or in the bucket starting that day); other fields are ignored. */
export interface ThemeDayRow {
  day: string;
  theme: string;
  comments: number;
}

/** A bucket of the trend: its first day, its answers with a comment, and whether its answers are under the privacy floor. */
export interface Bucket {
  day: string;
  commented: number;
  hidden: boolean;
}

export interface ThemeSharePoint {
  day: string;
  /** Answers with a comment in the bucket: the denominator. */
  n: number;
  comments: number;
  /** comments / n; null when the bucket is hidden or has no comment (a gap). */
  share: number | null;
  /** Against the bucket before, when both are shown. */
  change: ProportionChange | null;
  /** A rise significant at 95%: the one change the chart marks. */
  rise: boolean;
}

export interface ThemeSeries {
  theme: string;
  label: string;
  points: ThemeSharePoint[];
}

/**
 * The share of the comments that mention each theme, per bucket (the same buckets as the NPS
 * trend, so the same floor on answers). `themes` names the themes to draw, in order.
 */
export function themeSeries(buckets: Bucket[], rows: ThemeDayRow[], granularity: Granularity, themes: string[]): ThemeSeries[] {
  const interval = bucketInterval(granularity);
  return sharesByBucket(buckets, rows, themes, perDay((day) => dayOf(interval.floor(dateOf(day)))));
}

/**
 * The same, for rows already keyed by their bucket's first day (the digest's two 7-day windows),
 * or by a day that `bucketOf` takes to its bucket's first day (a 90-day view's 1,000 rows by day,
 * without a copy of each).
 */
export function sharesByBucket(buckets: Bucket[], rows: ThemeDayRow[], themes: string[], bucketOf: (day: string) => string = (day) => day): ThemeSeries[] {
  const comments = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.theme}|${bucketOf(row.day)}`;
    comments.set(key, (comments.get(key) ?? 0) + row.comments);
  }
  return themes
    .filter((theme) => Object.hasOwn(THEMES, theme))
    .map((theme) => {
      let previous: ThemeSharePoint | undefined;
      const points = buckets.map(({ day, commented: n, hidden }) => {
        const x = comments.get(`${theme}|${day}`) ?? 0;
        const share = hidden || n === 0 ? null : x / n;
        const change = share !== null && previous?.share != null ? compareProportions({ x: previous.comments, n: previous.n }, { x, n }) : null;
        previous = { day, n, comments: x, share, change, rise: change?.direction === 'up' };
        return previous;
      });
      return { theme, label: THEMES[theme]!.label, points };
    });
}

export interface Growth {
  theme: string;
  label: string;
  /** The share in the bucket before the last, and in the last. */
  from: number;
  to: number;
  /** Significant at 95% (two-proportion z-test). */
  significant: boolean;
}

/**
 * The theme whose share rose most from the bucket before the last to the last (for the weekly
 * digest); null when none rose, or the last two buckets are not both shown.
 */
export function fastestGrowingTheme(series: ThemeSeries[]): Growth | null {
  let best: Growth | null = null;
  for (const { theme, label, points } of series) {
    const [before, last] = points.slice(-2);
    if (!before || !last || before.share === null || last.share === null || last.share <= before.share) continue;
    if (best && last.share - before.share <= best.to - best.from) continue;
    best = { theme, label, from: before.share, to: last.share, significant: last.change?.significant ?? false };
  }
  return best;
}
