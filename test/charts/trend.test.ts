import { describe, expect, it } from 'vitest';
import { colours, trendChart, type TrendPoint } from '@/charts';
import { elements, numbers, runs, texts, tooltips } from './markup';

const frame = { id: 'trend', title: 'NPS by month', description: 'Monthly NPS with 95% intervals' };

/** One month per value; null is a month without answers. */
function months(values: (number | null)[], changes: TrendPoint['change'][] = []): TrendPoint[] {
  return values.map((nps, i) => ({
    start: new Date(Date.UTC(2026, i, 1)),
    label: `M${i + 1}`,
    nps,
    low: nps === null ? null : Math.max(-100, nps - 10),
    high: nps === null ? null : Math.min(100, nps + 10),
    n: nps === null ? 0 : 120,
    change: changes[i] ?? 'none',
  }));
}

const path = (svg: string, name: string) => elements(svg, 'path').find((element) => element.class === name)?.d;

describe('trend chart', () => {
  it('puts +100 above 0 above −100', () => {
    const [high, zero, low] = numbers(trendChart({ ...frame, points: months([100, 0, -100]) }), 'circle', 'cy') as [number, number, number];
    expect(high).toBeLessThan(zero);
    expect(zero).toBeLessThan(low);
  });

  it('labels the y axis from −100 to +100', () => {
    const labels = texts(trendChart({ ...frame, points: months([10]) }));
    expect(labels).toEqual(expect.arrayContaining(['−100', '−50', '0', '+50', '+100']));
  });

  it('draws one unbroken line and band when every period has answers', () => {
    const svg = trendChart({ ...frame, points: months([10, 20, 30, 40]) });
    expect(runs(path(svg, 'nps'))).toBe(1);
    expect(runs(path(svg, 'interval'))).toBe(1);
  });

  it('leaves a gap in line and band for a period without answers', () => {
    const svg = trendChart({ ...frame, points: months([10, 20, null, 30, 40]) });
    expect(runs(path(svg, 'nps'))).toBe(2);
    expect(runs(path(svg, 'interval'))).toBe(2);
    expect(elements(svg, 'circle')).toHaveLength(4);
  });

  it('still shows the interval of a period between two gaps', () => {
    const svg = trendChart({ ...frame, points: months([null, 20, null]) });
    const whiskers = elements(svg, 'line').filter((line) => line.stroke === colours.accent);
    expect(whiskers).toHaveLength(1);
    const [cy] = numbers(svg, 'circle', 'cy') as [number];
    expect(Number(whiskers[0]?.y1)).toBeLessThan(cy);
    expect(Number(whiskers[0]?.y2)).toBeGreaterThan(cy);
  });

  it('names each point with its label, NPS, interval and sample size', () => {
    const points: TrendPoint[] = [{ start: new Date(Date.UTC(2026, 2, 1)), label: 'Mar 2026', nps: 12.4, low: 3.2, high: 20.1, n: 1234, change: 'none' }];
    expect(tooltips(trendChart({ ...frame, points }))).toEqual(['Mar 2026: NPS +12 (95% CI +3 to +20), n = 1,234']);
  });

  it('writes an NPS of zero without a sign and negatives with a minus', () => {
    const [zero, negative] = tooltips(trendChart({ ...frame, points: months([0.3, -42]) }));
    expect(zero).toContain('NPS 0 (95% CI −10 to +10)');
    expect(negative).toContain('NPS −42');
  });

  it('marks a significant rise above its point and a significant fall below, in words too', () => {
    const svg = trendChart({ ...frame, points: months([10, 40, 5], ['none', 'up', 'down']) });
    const [, rise, fall] = numbers(svg, 'circle', 'cy') as [number, number, number];
    const up = elements(svg, 'path').find((element) => element.class === 'change-up');
    const down = elements(svg, 'path').find((element) => element.class === 'change-down');
    expect(up?.fill).toBe(colours.promoter);
    expect(down?.fill).toBe(colours.detractor);
    expect(Math.max(...pathYs(up?.d))).toBeLessThan(rise);
    expect(Math.min(...pathYs(down?.d))).toBeGreaterThan(fall);
    const [, riseWords, fallWords] = tooltips(svg);
    expect(riseWords).toMatch(/, significant rise$/);
    expect(fallWords).toMatch(/, significant fall$/);
  });

  it('draws no change marker without a significant change', () => {
    const svg = trendChart({ ...frame, points: months([10, 40]) });
    expect(elements(svg, 'path').filter((element) => element.class?.startsWith('change-'))).toEqual([]);
  });

  it('draws the goal as a dashed line only when there is one', () => {
    const withGoal = trendChart({ ...frame, points: months([10, 20]), target: 40 });
    expect(texts(withGoal)).toContain('Goal +40');
    const goal = elements(withGoal, 'line').find((line) => line['stroke-dasharray']);
    expect(goal?.y1).toBe(goal?.y2);
    expect(Number(goal?.y1)).toBeLessThan(Number(elements(withGoal, 'line').find((line) => line.stroke === colours.textMuted)?.y1));

    const without = trendChart({ ...frame, points: months([10, 20]) });
    expect(texts(without).some((label) => label.startsWith('Goal'))).toBe(false);
    expect(elements(without, 'line').some((line) => line['stroke-dasharray'])).toBe(false);
  });

  it('draws the benchmark band between its bounds only when there is one', () => {
    const points = months([10, 20]);
    const svg = trendChart({ ...frame, points, benchmark: { low: 20, high: 60, label: 'Software, 2025' } });
    const band = elements(svg, 'rect').find((rect) => rect.fill === colours.benchmark);
    expect(band?.['stroke-dasharray']).toBeDefined();
    expect(texts(svg)).toContain('Software, 2025');
    // The band spans 40 of the 200 NPS points on the axis.
    const [plus100, minus100] = axisYs(svg);
    expect(Number(band?.height)).toBeCloseTo(((minus100 - plus100) * 40) / 200, 0);

    expect(elements(trendChart({ ...frame, points }), 'rect')).toEqual([]);
  });

  it('keeps an interval quoted past ±100 inside the chart', () => {
    const points: TrendPoint[] = [10, 20].map((nps, i) => ({ ...months([nps])[0]!, start: new Date(Date.UTC(2026, i, 1)), low: -130, high: 120 }));
    const svg = trendChart({ ...frame, points });
    const [top, bottom] = axisYs(svg);
    const ys = pathYs(path(svg, 'interval'));
    expect(Math.min(...ys)).toBe(top);
    expect(Math.max(...ys)).toBe(bottom);
  });

  it('shows at most eight period labels, starting with the first', () => {
    const svg = trendChart({ ...frame, points: months(Array.from({ length: 24 }, (_, i) => i)) });
    const periodLabels = texts(svg).filter((label) => /^M\d+$/.test(label));
    expect(periodLabels.length).toBeLessThanOrEqual(8);
    expect(periodLabels[0]).toBe('M1');
  });

  it('shows every label when there are few periods', () => {
    const labels = texts(trendChart({ ...frame, points: months([1, 2, 3]) }));
    expect(labels).toEqual(expect.arrayContaining(['M1', 'M2', 'M3']));
  });

  it('says so when there are no periods', () => {
    const svg = trendChart({ ...frame, points: [] });
    expect(texts(svg)).toEqual(['No answers in this period']);
    expect(svg).toContain('<title id="trend-title">NPS by month</title>');
  });

  it('says so when no period has answers, and draws no line', () => {
    const svg = trendChart({ ...frame, points: months([null, null]) });
    expect(texts(svg)).toContain('No answers in this period');
    expect(elements(svg, 'path')).toEqual([]);
    expect(elements(svg, 'circle')).toEqual([]);
  });
});

function pathYs(d: string | undefined): number[] {
  return [...(d ?? '').matchAll(/[\d.]+,([\d.]+)/g)].map((match) => Number(match[1]));
}

/** y of the +100 and −100 gridlines. */
function axisYs(svg: string): [number, number] {
  const ys = elements(svg, 'line').filter((line) => line.stroke === colours.grid).map((line) => Number(line.y1));
  return [Math.min(...ys), Math.max(...ys)];
}
