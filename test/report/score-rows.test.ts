import { describe, expect, it } from 'vitest';
import { histogramOf } from '@/report/histogram';
import { scoreRowsOf } from '@/report/rows';

const stored = (scores: Record<number, number>) => Object.fromEntries(Array.from({ length: 11 }, (_, s) => [`s${s}`, scores[s] ?? 0]));

describe('a stored rollup row as rows per score', () => {
  it('gives a row per score with answers, in score order, and the histogram the row holds', () => {
    const rows = scoreRowsOf(stored({ 0: 2, 7: 1, 10: 5 }), { day: '2026-11-01' }, {});
    expect(rows).toEqual([
      { day: '2026-11-01', score: 0, answers: 2 },
      { day: '2026-11-01', score: 7, answers: 1 },
      { day: '2026-11-01', score: 10, answers: 5 },
    ]);
    expect(histogramOf(rows)).toEqual([2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 5]);
  });

  it('carries a count of the whole row on one row only, so a sum counts the comments once', () => {
    const rows = scoreRowsOf(stored({ 3: 4, 9: 6 }), {}, { commented: 3 });
    expect(rows.reduce((sum, row) => sum + row.commented, 0)).toBe(3);
    expect(rows.map((row) => row.commented)).toEqual([3, 0]);
  });

  it('keeps the negative counts of days taken out of a month, and a count on a row whose answers net to nothing', () => {
    expect(scoreRowsOf(stored({ 5: -2 }), {}, { commented: -1 })).toEqual([{ score: 5, answers: -2, commented: -1 }]);
    expect(scoreRowsOf(stored({}), {}, { commented: 1 })).toEqual([{ score: 0, answers: 0, commented: 1 }]);
    expect(scoreRowsOf(stored({}), {}, { commented: 0 })).toEqual([]);
  });
});
