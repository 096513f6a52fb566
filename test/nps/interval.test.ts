import { describe, expect, it } from 'vitest';
import { compare, countsFromScores, estimate } from '@/nps/interval';

const counts = (promoters: number, passives: number, detractors: number) => ({ promoters, passives, detractors });

// Expected values worked out by hand from the adjusted-Wald formula (src/nps/interval.ts)
// (n' = n + 3, p' = (P + 0.75)/n', d' = (D + 0.75)/n'), to 4 decimals.
describe('NPS with its 95% interval (adjusted Wald)', () => {
  it.each([
    ['a mixed sample', counts(5, 3, 2), 30, -19.0506, 65.2045],
    ['all promoters (upper end clipped to 100)', counts(10, 0, 0), 100, 47.5036, 100],
    ['a single promoter: wide, not zero-width', counts(1, 0, 0), 100, -48.4986, 98.4986],
    ['all detractors (lower end clipped to −100)', counts(0, 0, 4), -100, -100, -6.9442],
    ['a large sample: narrow', counts(5000, 3000, 2000), 30, 28.4605, 31.5215],
    ['a balanced sample: symmetric around 0', counts(20, 10, 20), 0, -23.823, 23.823],
  ])('%s', (_name, input, nps, low, high) => {
    const result = estimate(input);
    expect(result.nps).toBeCloseTo(nps, 6);
    expect(result.low).toBeCloseTo(low, 3);
    expect(result.high).toBeCloseTo(high, 3);
    expect(result.n).toBe(input.promoters + input.passives + input.detractors);
  });

  it('is centred on the adjusted value, so not symmetric around the reported NPS', () => {
    const { nps, low, high } = estimate(counts(5, 3, 2));
    expect(nps! - low!).not.toBeCloseTo(high! - nps!, 1);
  });

  it('has no score and no interval without answers', () => {
    expect(estimate(counts(0, 0, 0))).toMatchObject({ n: 0, nps: null, low: null, high: null });
  });
});

describe('is a change significant at 95%?', () => {
  it('+40 on 50 answers against 0 on 50 answers: yes, up (z = 2.30)', () => {
    const result = compare(counts(30, 10, 10), counts(20, 10, 20));
    expect(result.z).toBeCloseTo(2.3025, 3);
    expect(result).toMatchObject({ significant: true, direction: 'up', difference: 40 });
  });

  it('the same +40 on 10 answers each: no (z = 0.95)', () => {
    const result = compare(counts(6, 2, 2), counts(4, 2, 4));
    expect(result.z).toBeCloseTo(0.9489, 3);
    expect(result).toMatchObject({ significant: false, direction: 'none' });
  });

  it('a fall of 10 points on 1,000 answers each: yes, down', () => {
    const result = compare(counts(550, 200, 250), counts(600, 200, 200));
    expect(result.z).toBeCloseTo(-2.7179, 3);
    expect(result).toMatchObject({ significant: true, direction: 'down' });
    expect(result.difference).toBeCloseTo(-10, 6);
  });

  it('cannot compare with an empty period', () => {
    expect(compare(counts(5, 0, 0), counts(0, 0, 0))).toEqual({ difference: null, z: null, significant: false, direction: 'none' });
  });
});

describe('counts from a 0–10 histogram', () => {
  it('puts 0–6, 7–8 and 9–10 in their categories', () => {
    expect(countsFromScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6])).toEqual({ detractors: 8, passives: 7, promoters: 11 });
  });
});
