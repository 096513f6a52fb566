import { describe, expect, it } from 'vitest';
import { compareShares, wilson } from '@/nps/proportion';

describe('the Wilson interval of a share', () => {
  // Newcombe 1998, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17:857–872, Table II, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i gives %f to %f, as published', (k, n, low, high) => {
    const [lo, hi] = wilson(k, n)!;
    expect(lo).toBeCloseTo(low, 4);
    expect(hi).toBeCloseTo(high, 4);
  });

  it('stays inside 0–1 at the edges and has no value without observations', () => {
    expect(wilson(5, 5)![1]).toBe(1);
    expect(wilson(0, 5)![0]).toBe(0);
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('the difference between two shares', () => {
  it('is significant only beyond 1.96 standard errors of the pooled share', () => {
    // 12/20 vs 2/20: pooled 0.35, z = 0.5 / √(0.35 × 0.65 × (1/20 + 1/20)) = 3.315.
    expect(compareShares({ successes: 12, n: 20 }, { successes: 2, n: 20 })).toMatchObject({ significant: true });
    expect(compareShares({ successes: 12, n: 20 }, { successes: 2, n: 20 }).z).toBeCloseTo(3.315, 3);
    // 3/5 vs 1/4: z = 1.05.
    expect(compareShares({ successes: 3, n: 5 }, { successes: 1, n: 4 })).toMatchObject({ significant: false });
    expect(compareShares({ successes: 0, n: 5 }, { successes: 0, n: 9 })).toEqual({ difference: 0, z: 0, significant: false });
    expect(compareShares({ successes: 1, n: 0 }, { successes: 0, n: 9 })).toEqual({ difference: null, z: null, significant: false });
  });
});
