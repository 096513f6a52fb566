import { describe, expect, it } from 'vitest';
import { sparkline } from '@/charts';
import { elements, numbers, runs, texts, viewBox } from './markup';

const frame = { id: 'spark', title: 'NPS, last 6 months' };
const description = (svg: string) => /<desc id="spark-desc">(.*?)<\/desc>/.exec(svg)?.[1];
const line = (svg: string) => elements(svg, 'path')[0]?.d;

describe('sparkline', () => {
  it('describes the change from the first to the last period with answers', () => {
    expect(description(sparkline({ ...frame, values: [null, 12, 30, -5.4] }))).toBe('From +12 to −5 over 4 periods');
  });

  it('has no axis text, only the line, a faint zero line and a dot at the end', () => {
    const svg = sparkline({ ...frame, values: [10, 20, 30] });
    expect(texts(svg)).toEqual([]);
    expect(elements(svg, 'line')).toHaveLength(1);
    expect(runs(line(svg))).toBe(1);
    expect(elements(svg, 'circle')).toHaveLength(1);
    expect(viewBox(svg)).toEqual([0, 0, 120, 28]);
  });

  it('puts the dot on the last value with answers', () => {
    const svg = sparkline({ ...frame, values: [10, 50, null] });
    const [dot] = elements(svg, 'circle');
    expect(line(svg)?.endsWith(`${dot?.cx},${dot?.cy}`)).toBe(true);
  });

  it('uses the fixed −100 to +100 scale, zero line in the middle', () => {
    const svg = sparkline({ ...frame, values: [-100, 100] });
    const [zero] = elements(svg, 'line');
    const [dot] = numbers(svg, 'circle', 'cy');
    expect(Number(zero?.y1)).toBe(14);
    expect(dot).toBeLessThan(14);
  });

  it('breaks the line at periods without answers', () => {
    expect(runs(line(sparkline({ ...frame, values: [10, 20, null, 30, 40] })))).toBe(2);
  });

  it('draws nothing but the zero line when no period has answers', () => {
    const svg = sparkline({ ...frame, values: [null, null, null] });
    expect(elements(svg, 'path')).toEqual([]);
    expect(elements(svg, 'circle')).toEqual([]);
    expect(description(svg)).toBe('No answers over 3 periods');
  });

  it('copes with no periods at all', () => {
    const svg = sparkline({ ...frame, values: [] });
    expect(elements(svg, 'path')).toEqual([]);
    expect(description(svg)).toBe('No answers');
  });

  it('shows a single value as a dot in the middle', () => {
    const svg = sparkline({ ...frame, values: [12] });
    expect(elements(svg, 'path')).toEqual([]);
    expect(numbers(svg, 'circle', 'cx')).toEqual([60]);
    expect(description(svg)).toBe('NPS +12');
  });

  it('shows a lone value among gaps as a dot', () => {
    const svg = sparkline({ ...frame, values: [null, 12, null, null] });
    expect(elements(svg, 'circle')).toHaveLength(1);
    expect(description(svg)).toBe('NPS +12, the only one of 4 periods with answers');
  });
});
