import { describe, expect, it } from 'vitest';
import { shareMultiples, type ShareSeries } from '@/charts';
import { elements, runs, texts, tooltips, viewBox } from './markup';

const frame = { id: 'themes-over-time', title: 'Share of comments by theme, by week', description: 'One panel per theme' };
const series = (label: string, shares: (number | null)[], rises: number[] = []): ShareSeries => ({
  label,
  points: shares.map((share, i) => ({ label: `03-${String(2 + 7 * i).padStart(2, '0')}`, share, rise: rises.includes(i) })),
});

describe('themes over time, small multiples', () => {
  it('draws one panel per theme, three to a row', () => {
    const svg = shareMultiples({ ...frame, series: ['A', 'B', 'C', 'D'].map((l) => series(l, [0.1, 0.2])) });
    const panels = elements(svg, 'g').filter((g) => g.class === 'panel');
    expect(panels.map((p) => p.transform)).toEqual(['translate(0,0)', expect.stringMatching(/^translate\([\d.]+,0\)$/), expect.any(String), 'translate(0,114)']);
    expect(viewBox(svg)[3]).toBe(218);
    expect(texts(svg)).toEqual(expect.arrayContaining(['A', 'B', 'C', 'D']));
  });

  it('puts every panel on one scale: the same share is drawn at the same height', () => {
    const svg = shareMultiples({ ...frame, series: [series('Delivery', [0.4, 0.2]), series('Price', [0.2, 0.05])] });
    const [delivery, price] = elements(svg, 'path').filter((p) => p.class === 'share').map((p) => p.d!);
    // Delivery's second point and price's first are both 20%.
    const ys = (d: string) => [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys(delivery!)[1]).toBe(ys(price!)[0]);
    expect(texts(svg).filter((t) => t === '40%')).toHaveLength(2);
  });

  it('marks a significant rise with a triangle that says so, and leaves a gap for a hidden bucket', () => {
    const svg = shareMultiples({ ...frame, series: [series('Delivery', [0.1, null, 0.1, 0.22], [3])] });
    const rises = elements(svg, 'path').filter((p) => p.class === 'rise');
    expect(rises).toHaveLength(1);
    expect(tooltips(svg)).toContain('Delivery, 03-23: 22.0% of comments, a significant rise');
    const line = elements(svg, 'path').find((p) => p.class === 'share');
    expect(runs(line?.d)).toBe(2);
    // The first bucket stands alone between the edge and the gap: a dot, so it is seen.
    expect(elements(svg, 'circle')).toHaveLength(1);
  });

  it('marks nothing without a significant rise', () => {
    const svg = shareMultiples({ ...frame, series: [series('Price', [0.1, 0.18, 0.05])] });
    expect(elements(svg, 'path').filter((p) => p.class === 'rise')).toEqual([]);
  });

  it('says so when no theme has comments', () => {
    expect(texts(shareMultiples({ ...frame, series: [] }))).toEqual(['No comments in a known theme']);
  });
});
