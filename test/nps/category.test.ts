import { describe, expect, it } from 'vitest';
import { categorise } from '@/nps/category';
import { netPromoterScore } from '@/nps/score';
import { CATEGORY_BOUNDARIES } from '../support/boundaries';

describe('NPS categories', () => {
  it.each(CATEGORY_BOUNDARIES)('a score of %i is a %s', (score, category) => {
    expect(categorise(score)).toBe(category);
  });

  it.each([-1, 11, 7.5, Number.NaN])('refuses %s', (score) => {
    expect(() => categorise(score)).toThrow(RangeError);
  });
});

describe('net promoter score', () => {
  it('is promoters minus detractors over all answers, passives only in the denominator', () => {
    expect(netPromoterScore({ promoters: 5, passives: 3, detractors: 2 })).toBe(30);
  });
  it('spans −100 to +100', () => {
    expect(netPromoterScore({ promoters: 0, passives: 0, detractors: 4 })).toBe(-100);
    expect(netPromoterScore({ promoters: 4, passives: 0, detractors: 0 })).toBe(100);
  });
  it('is undefined without answers rather than a misleading 0', () => {
    expect(netPromoterScore({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
  });
});
