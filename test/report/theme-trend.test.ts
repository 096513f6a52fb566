import { describe, expect, it } from 'vitest';
import { fastestGrowingTheme, themeSeries, type Bucket } from '@/report/theme-trend';
import { THEMES } from '@/report/themes';

// Three weeks (Mondays) of 100 answers each.
const weeks: Bucket[] = [
  { day: '2026-03-02', n: 100, hidden: false },
  { day: '2026-03-09', n: 100, hidden: false },
  { day: '2026-03-16', n: 100, hidden: false },
];

describe('themes over time', () => {
  it('gives each theme\'s share of the answers per week, summing the days and categories of each week', () => {
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
    const buckets = [weeks[0]!, { ...weeks[1]!, n: 3, hidden: true }, weeks[2]!];
    const rows = [
      { day: '2026-03-02', theme: 'delivery', comments: 1 },
      { day: '2026-03-16', theme: 'delivery', comments: 40 },
    ];
    const [delivery] = themeSeries(buckets, rows, 'week', ['delivery']);
    expect(delivery!.points.map((p) => p.share)).toEqual([0.01, null, 0.4]);
    expect(delivery!.points.map((p) => p.change)).toEqual([null, null, null]);
  });

  it('buckets by month when the trend does', () => {
    const months = [{ day: '2026-01-01', n: 50, hidden: false }, { day: '2026-02-01', n: 80, hidden: false }];
    const [billing] = themeSeries(months, [{ day: '2026-02-01', theme: 'billing', comments: 8 }, { day: '2026-01-01', theme: 'billing', comments: 5 }], 'month', ['billing']);
    expect(billing!.points.map((p) => p.share)).toEqual([0.1, 0.1]);
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
