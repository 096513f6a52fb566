import { describe, expect, it } from 'vitest';
import { MAX_TREND_POINTS, trendPoints } from '@/report/trend';

/** Daily rollup rows: `answers` answers of `score` on `day`. */
const rows = (day: string, score: number, answers: number) => [{ day, score, answers }];

describe('trend points', () => {
  it('mark a significant rise between two weeks that both clear the privacy floor', () => {
    const points = trendPoints([...rows('2026-03-02', 0, 30), ...rows('2026-03-09', 10, 30)], { from: '2026-03-02', to: '2026-03-15' }, 'week', 5);
    expect(points.map((p) => [p.day, p.nps, p.change])).toEqual([
      ['2026-03-02', -100, 'none'],
      ['2026-03-09', 100, 'up'],
    ]);
  });

  it('never mark a change against a week hidden by the privacy floor', () => {
    const points = trendPoints([...rows('2026-03-02', 0, 4), ...rows('2026-03-09', 10, 30)], { from: '2026-03-02', to: '2026-03-15' }, 'week', 5);
    expect(points[0]).toMatchObject({ n: 4, hidden: true, nps: null, change: 'none' });
    expect(points[1]).toMatchObject({ n: 30, hidden: false, nps: 100, change: 'none' });
  });

  it('keep a hidden week unmarked even after a visible one', () => {
    const points = trendPoints([...rows('2026-03-02', 10, 30), ...rows('2026-03-09', 0, 4)], { from: '2026-03-02', to: '2026-03-15' }, 'week', 5);
    expect(points[1]).toMatchObject({ hidden: true, nps: null, change: 'none' });
  });

  it(`draw at most the last ${MAX_TREND_POINTS} months of a long range`, () => {
    const points = trendPoints([...rows('1990-01-15', 9, 10), ...rows('2026-03-15', 9, 10)], { from: '1990-01-01', to: '2026-03-31' }, 'month', 5);
    expect(points).toHaveLength(MAX_TREND_POINTS);
    expect(points.at(-1)).toMatchObject({ day: '2026-03-01', n: 10 });
    expect(points[0]!.day).toBe('2016-04-01');
  });
});
