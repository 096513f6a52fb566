import { describe, expect, it } from 'vitest';
import { colours, distributionChart } from '@/charts';
import { elements, texts, tooltips } from './markup';

const frame = { id: 'scores', title: 'Scores', description: 'Answers per score from 0 to 10' };
//              0  1  2  3  4  5  6   7   8   9  10
const counts = [2, 0, 1, 0, 3, 4, 10, 12, 6, 20, 5];
const bars = (svg: string) => elements(svg, 'rect');

describe('score distribution', () => {
  it('draws one bar per score, 0 to 10, labelled underneath', () => {
    const svg = distributionChart({ ...frame, counts });
    expect(bars(svg)).toHaveLength(11);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0', '5', '10']));
  });

  it.each([
    [6, colours.detractor],
    [7, colours.passive],
    [8, colours.passive],
    [9, colours.promoter],
    [0, colours.detractor],
    [10, colours.promoter],
  ])('colours score %i by its category', (score, colour) => {
    expect(bars(distributionChart({ ...frame, counts }))[score]?.fill).toBe(colour);
  });

  it('draws bars in proportion to their counts, from a common baseline', () => {
    const drawn = bars(distributionChart({ ...frame, counts }));
    const height = (score: number) => Number(drawn[score]?.height);
    const bottom = (score: number) => Number(drawn[score]?.y) + height(score);
    expect(height(9) / height(6)).toBeCloseTo(2, 1);
    expect(height(7) / height(8)).toBeCloseTo(2, 1);
    expect(height(1)).toBe(0);
    expect(new Set([0, 6, 9].map(bottom)).size).toBe(1);
  });

  it('puts each count above its bar, and no 0s', () => {
    const svg = distributionChart({ ...frame, counts });
    const drawn = bars(svg);
    const label = elements(svg, 'text').find((_, i) => texts(svg)[i] === '20');
    expect(Number(label?.y)).toBeLessThan(Number(drawn[9]?.y));
    const countLabels = elements(svg, 'text').filter((text) => text.fill === colours.text);
    expect(countLabels).toHaveLength(counts.filter((count) => count > 0).length);
  });

  it('names each bar with its score, count and share', () => {
    const named = tooltips(distributionChart({ ...frame, counts: [1, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0] }));
    expect(named[0]).toBe('Score 0: 1 answer (25%)');
    expect(named[1]).toBe('Score 1: 0 answers (0%)');
    expect(named[9]).toBe('Score 9: 2 answers (50%)');
  });

  it('gives shares that add up to 100%', () => {
    const named = tooltips(distributionChart({ ...frame, counts: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0] }));
    const shares = named.map((words) => Number(/\((\d+)%\)/.exec(words)?.[1]));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('groups thousands in counts', () => {
    expect(texts(distributionChart({ ...frame, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 12345, 0] }))).toContain('12,345');
  });

  it('says so when there are no answers', () => {
    expect(texts(distributionChart({ ...frame, counts: Array(11).fill(0) }))).toEqual(['No answers']);
  });

  it('refuses counts that are not one per score', () => {
    expect(() => distributionChart({ ...frame, counts: [1, 2, 3] })).toThrow(RangeError);
  });
});
