import { describe, expect, it } from 'vitest';
import { compareProportions, wilsonInterval } from '@/nps/proportion';

describe('the Wilson interval of a proportion', () => {
  // Published values: Newcombe 1998, "Two-sided confidence intervals for the single proportion:
  // comparison of seven methods", Statistics in Medicine 17:857–872, Table II, method 3 (the
  // Wilson score interval without continuity correction), to four decimals.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i of %i: %f to %f, as Newcombe 1998 publishes', (x, n, low, high) => {
    const [lo, hi] = wilsonInterval(x, n)!;
    expect(lo).toBeCloseTo(low, 4);
    expect(hi).toBeCloseTo(high, 4);
  });

  it('keeps a width at none of n, where plain Wald collapses to zero, and has none without a sample', () => {
    const [lo, hi] = wilsonInterval(0, 5)!;
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0.4);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('the two-proportion z-test', () => {
  // By hand: 10 of 100, then 22 of 100. Pooled p̂ = 32/200 = 0.16;
  // se = √(0.16 × 0.84 × (1/100 + 1/100)) = 0.051846; z = 0.12 / 0.051846 = 2.3146 > 1.96.
  it('marks a rise from 10 of 100 to 22 of 100 as significant (z = 2.31)', () => {
    const change = compareProportions({ x: 10, n: 100 }, { x: 22, n: 100 })!;
    expect(change.z).toBeCloseTo(2.3146, 4);
    expect(change.difference).toBeCloseTo(0.12, 10);
    expect(change).toMatchObject({ significant: true, direction: 'up' });
  });

  // 10 of 100, then 18 of 100: p̂ = 0.14, se = √(0.14 × 0.86 × 0.02) = 0.049071, z = 0.08 / 0.049071 = 1.6303.
  it('does not mark a rise from 10 of 100 to 18 of 100 (z = 1.63)', () => {
    const change = compareProportions({ x: 10, n: 100 }, { x: 18, n: 100 })!;
    expect(change.z).toBeCloseTo(1.6303, 4);
    expect(change).toMatchObject({ significant: false, direction: 'none' });
  });

  it('marks a significant fall as down, and tests nothing without both samples or without variation', () => {
    expect(compareProportions({ x: 22, n: 100 }, { x: 10, n: 100 })).toMatchObject({ significant: true, direction: 'down' });
    expect(compareProportions({ x: 0, n: 0 }, { x: 3, n: 10 })).toBeNull();
    expect(compareProportions({ x: 0, n: 40 }, { x: 0, n: 50 })).toBeNull();
  });
});
