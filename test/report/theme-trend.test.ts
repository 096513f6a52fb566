import { describe, expect, it } from 'vitest';
import { fastestGrowingTheme, themeSeries, type Bucket } from '@/report/theme-trend';
import { THEMES } from '@/report/themes';

// Three weeks (Mondays) of 100 answers with a comment each.
const weeks: Bucket[] = [
  { day: '2026-03-02', commented: 100, hidden: false },
  { day: '2026-03-09', commented: 100, hidden: false },
  { day: '2026-03-16', commented: 100, hidden: false },
];

describe('themes over time', () => {
  it('gives each theme\'s share of the comments per week, summing the days and categories of each week', () => {
    const rows = [
      { day: '2026-03-02', theme: 'delivery', comments: 4 },
      { day: '2026-03-08', theme: 'delivery', comments: 6 }, // a Sunday: still the week of 03-02
      { day: '2026-03-10', theme: 'delivery', comments: 22 },
      { day: '2026-03-17', theme: 'price', comments: 3 },
    ];
    const [delivery, price] = themeSeries(weeks, rows, 'week', ['delivery', 'price']);
    expect(delivery!.points.map((p) => [p.comments, p.share])).toEqual([[10, 0.1], [22, 0.22], [0, 0]]);
    expect(price!.points.map((p) => p.share)).toEqual([0, 0, 0.03]);
    expect(delivery!.label).toBe('Delivery');
  });

  it('marks a rise from 10 of 100 to 22 of 100 (z = 2.31), not one from 10 to 18 (z = 1.63), and never a fall', () => {
    const rows = [
      { day: '2026-03-02', theme: 'delivery', comments: 10 },
      { day: '2026-03-09', theme: 'delivery', comments: 22 },
      { day: '2026-03-16', theme: 'delivery', comments: 10 },
      { day: '2026-03-02', theme: 'price', comments: 10 },
      { day: '2026-03-09', theme: 'price', comments: 18 },
    ];
    const [delivery, price] = themeSeries(weeks, rows, 'week', ['delivery', 'price']);
    expect(delivery!.points.map((p) => p.rise)).toEqual([false, true, false]);
    expect(delivery!.points[1]!.change!.z).toBeCloseTo(2.3146, 4);
    expect(delivery!.points[2]!.change).toMatchObject({ significant: true, direction: 'down' });
    expect(price!.points.map((p) => p.rise)).toEqual([false, false, false]);
  });

  it('leaves a hidden week as a gap and tests nothing against it', () => {
    const buckets = [weeks[0]!, { ...weeks[1]!, commented: 3, hidden: true }, weeks[2]!];
    const rows = [
      { day: '2026-03-02', theme: 'delivery', comments: 1 },
      { day: '2026-03-16', theme: 'delivery', comments: 40 },
    ];
    const [delivery] = themeSeries(buckets, rows, 'week', ['delivery']);
    expect(delivery!.points.map((p) => p.share)).toEqual([0.01, null, 0.4]);
    expect(delivery!.points.map((p) => p.change)).toEqual([null, null, null]);
  });

  it('buckets by month when the trend does', () => {
    const months = [{ day: '2026-01-01', commented: 50, hidden: false }, { day: '2026-02-01', commented: 80, hidden: false }];
    const [billing] = themeSeries(months, [{ day: '2026-02-01', theme: 'billing', comments: 8 }, { day: '2026-01-01', theme: 'billing', comments: 5 }], 'month', ['billing']);
    expect(billing!.points.map((p) => p.share)).toEqual([0.1, 0.1]);
  });

  it('divides by the comments of the bucket, not its answers, and a bucket without comments is a gap', () => {
    // Week 1: 200 answers, 40 with a comment, 10 about delivery: 25%. Week 2: 20 of 50 comments: 40%.
    // Pooled 30/90: z = 0.15 / √(1/3 × 2/3 × (1/40 + 1/50)) = 1.50, not significant. Week 3: answers, no comment.
    const buckets = [
      { day: '2026-03-02', commented: 40, hidden: false },
      { day: '2026-03-09', commented: 50, hidden: false },
      { day: '2026-03-16', commented: 0, hidden: false },
    ];
    const rows = [
      { day: '2026-03-03', theme: 'delivery', comments: 10 },
      { day: '2026-03-10', theme: 'delivery', comments: 20 },
    ];
    const [delivery] = themeSeries(buckets, rows, 'week', ['delivery']);
    expect(delivery!.points.map((p) => [p.n, p.comments, p.share])).toEqual([[40, 10, 0.25], [50, 20, 0.4], [0, 0, null]]);
    expect(delivery!.points[1]!.change!.z).toBeCloseTo(1.5, 2);
    expect(delivery!.points.map((p) => p.rise)).toEqual([false, false, false]);
  });

  it('names the theme that grew most from the week before the last to the last, for the weekly digest', () => {
    const rows = [
      { day: '2026-03-09', theme: 'delivery', comments: 10 },
      { day: '2026-03-16', theme: 'delivery', comments: 14 },
      { day: '2026-03-09', theme: 'price', comments: 10 },
      { day: '2026-03-16', theme: 'price', comments: 22 },
      { day: '2026-03-09', theme: 'service', comments: 30 },
      { day: '2026-03-16', theme: 'service', comments: 5 },
    ];
    const series = themeSeries(weeks, rows, 'week', ['delivery', 'price', 'service']);
    expect(fastestGrowingTheme(series)).toEqual({ theme: 'price', label: THEMES.price!.label, from: 0.1, to: 0.22, significant: true });
    expect(fastestGrowingTheme(series.filter((s) => s.theme === 'service'))).toBeNull();
  });
});
