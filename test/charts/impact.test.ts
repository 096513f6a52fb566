import { describe, expect, it } from 'vitest';
import { colours, impactChart, type ImpactRow } from '@/charts';
import { elements, numbers, texts, tooltips, viewBox } from './markup';

const frame = { id: 'impact', title: 'Points at stake by theme', description: 'NPS points at stake per theme, with 95% interval' };
const row = (label: string, value: number, low: number, high: number, href?: string): ImpactRow => ({ label, value, low, high, ...(href ? { href } : {}) });

describe('theme impact chart', () => {
  const svg = impactChart({ ...frame, rows: [row('Delivery', 12, 8.2, 17.2, '/results/demo/comments?theme=delivery'), row('Price', 5, 2.7, 9)] });

  it('draws a bar per theme, longer for more points at stake, in the order given, from the same zero', () => {
    const bars = elements(svg, 'rect').filter((r) => r.class === 'at-stake');
    expect(bars).toHaveLength(2);
    const [delivery, price] = bars.map((b) => Number(b.width)) as [number, number];
    expect(delivery / price).toBeCloseTo(12 / 5, 1);
    expect(new Set(bars.map((b) => b.x)).size).toBe(1);
    expect(Number(bars[0]!.y)).toBeLessThan(Number(bars[1]!.y));
    expect(bars[0]!.fill).toBe(colours.detractor);
  });

  it('puts the interval whisker around the end of the bar', () => {
    const bar = elements(svg, 'rect').find((r) => r.class === 'at-stake')!;
    const end = Number(bar.x) + Number(bar.width);
    const middle = Number(bar.y) + Number(bar.height) / 2;
    const whisker = elements(svg, 'line').find((l) => l.y1 === l.y2 && Number(l.y1) === middle && l.x1 !== l.x2)!;
    expect(Number(whisker.x1)).toBeLessThan(end);
    expect(Number(whisker.x2)).toBeGreaterThan(end);
    // Caps at both ends.
    expect(elements(svg, 'line').filter((l) => l.x1 === l.x2 && (l.x1 === whisker.x1 || l.x1 === whisker.x2))).toHaveLength(2);
  });

  it('writes each value with its interval, and says it in a tooltip', () => {
    expect(texts(svg)).toEqual(expect.arrayContaining(['12.0 (8.2 to 17.2)', '5.0 (2.7 to 9.0)']));
    expect(tooltips(svg)).toContain('Delivery: 12.0 points at stake (95% CI 8.2 to 17.2)');
  });

  it('links a theme to its comments, and is then a group of links', () => {
    expect(elements(svg, 'a')).toEqual([{ href: '/results/demo/comments?theme=delivery' }]);
    expect(elements(svg, 'svg')[0]?.role).toBe('group');
  });

  it('scales the axis to the widest interval', () => {
    const ticks = texts(/<g aria-hidden="true">(.*?)<\/g>/.exec(svg)?.[1] ?? '');
    expect(ticks[0]).toBe('0');
    expect(Number(ticks.at(-1))).toBeGreaterThanOrEqual(17.2);
    expect(numbers(svg, 'rect', 'width').every((w) => w >= 0)).toBe(true);
  });

  it('grows one row per theme, and says so when there is none', () => {
    const [, , , two] = viewBox(svg);
    const [, , , one] = viewBox(impactChart({ ...frame, rows: [row('Price', 5, 2.7, 9)] }));
    expect((two ?? 0) - (one ?? 0)).toBe(26);
    expect(texts(impactChart({ ...frame, rows: [] }))).toEqual(['No comments in a known theme']);
  });
});
