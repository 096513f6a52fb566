import { describe, expect, it } from 'vitest';
import { STATEMENT_IDS, STATEMENTS, type StatementId } from '@/maturity/levels';
import { medianLevel, nextLevel, scoreMaturity, type MaturityAnswers } from '@/maturity/score';

/** Hand-made answer sets: every statement at `base`, with some statements set apart. */
function answers(base: number, set: Partial<Record<StatementId, number>> = {}): MaturityAnswers {
  return { ...(Object.fromEntries(STATEMENT_IDS.map((id) => [id, base])) as MaturityAnswers), ...set };
}

describe('the maturity scoring rule', () => {
  it('has 10 to 15 statements, each tied to one of the five levels, every level tested', () => {
    expect(STATEMENTS.length).toBeGreaterThanOrEqual(10);
    expect(STATEMENTS.length).toBeLessThanOrEqual(15);
    expect(new Set(STATEMENTS.map((s) => s.level))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('all "agree" (4) meets every level: level 5', () => {
    const score = scoreMaturity(answers(4));
    expect(score.level).toBe(5);
    expect(score.levels.every((l) => l.met && l.pointsNeeded === 0)).toBe(true);
  });

  it('all "neither" (3) meets none: level 0, not yet at level 1, each level short by one point per statement', () => {
    const score = scoreMaturity(answers(3));
    expect(score.level).toBe(0);
    expect(score.levels.map((l) => l.pointsNeeded)).toEqual([2, 2, 3, 3, 2]);
    expect(score.levels.map((l) => l.mean)).toEqual([3, 3, 3, 3, 3]);
  });

  it('a mean of exactly 4 meets a level (5 and 3 average to 4)', () => {
    const score = scoreMaturity(answers(1, { complaints: 5, talk: 3 }));
    expect(score.levels[0]).toEqual({ level: 1, mean: 4, met: true, pointsNeeded: 0 });
    expect(score.level).toBe(1);
  });

  it('a mean just under 4 does not (4, 4, 3 averages 3.67): one point to go', () => {
    const score = scoreMaturity(answers(5, { definition: 4, rhythm: 4, benchmark: 3 }));
    expect(score.levels[2]).toMatchObject({ level: 3, met: false, pointsNeeded: 1 });
    expect(score.levels[2]!.mean).toBeCloseTo(11 / 3, 10);
    expect(score.level).toBe(2);
  });

  it('a level met above an unmet one does not count: the company stays below the gap', () => {
    // Levels 1, 2, 4 and 5 met, level 3 not: the company is at level 2.
    const score = scoreMaturity(answers(5, { definition: 2, rhythm: 2, benchmark: 2 }));
    expect(score.levels.map((l) => l.met)).toEqual([true, true, false, true, true]);
    expect(score.level).toBe(2);
    expect(score.levels[2]!.pointsNeeded).toBe(6);
  });

  it('an unmet level 1 is level 0 whatever the levels above', () => {
    const score = scoreMaturity(answers(5, { complaints: 1, talk: 1 }));
    expect(score.level).toBe(0);
    expect(score.levels[0]).toMatchObject({ met: false, pointsNeeded: 6 });
  });

  it('all "strongly disagree" (1) is three points short per statement', () => {
    const score = scoreMaturity(answers(1));
    expect(score.level).toBe(0);
    expect(score.levels.map((l) => l.pointsNeeded)).toEqual([6, 6, 9, 9, 6]);
  });

  it('the next level is one up, none above 5', () => {
    expect(nextLevel(0)).toBe(1);
    expect(nextLevel(4)).toBe(5);
    expect(nextLevel(5)).toBeUndefined();
  });

  it('the median level of many answers is the lower middle for an even count', () => {
    expect(medianLevel({})).toBeUndefined();
    expect(medianLevel({ 1: 2, 3: 2 })).toBe(1);
    expect(medianLevel({ 1: 1, 3: 1, 5: 1 })).toBe(3);
    expect(medianLevel({ 0: 1, 4: 3 })).toBe(4);
  });
});
