import { describe, expect, it } from 'vitest';
import { categorySplit, colours, distributionChart, impactChart, intervalChart, shareMultiples, sparkline, trendChart } from '@/charts';
import { elements, isBalanced, viewBox } from './markup';

const HOSTILE = `<script>alert(1)</script> & "quoted" 'single'`;

const month = (i: number) => new Date(Date.UTC(2026, i, 1));
// The role each chart must have: an image, or a group where it holds links (the intervals' rows).
const charts: [string, 'img' | 'group', (id: string, text: string) => string][] = [
  [
    'trend',
    'img',
    (id, text) =>
      trendChart({
        id,
        title: text,
        description: text,
        points: [
          { start: month(0), label: text, nps: 12.345, low: -3.21, high: 27.77, n: 40, change: 'none' },
          { start: month(1), label: text, nps: 33.333, low: 20.05, high: 44.44, n: 1234, change: 'up' },
        ],
        benchmark: { low: 10, high: 30, label: text },
        target: 40,
        width: 333.33,
        height: 211.11,
      }),
  ],
  ['distribution', 'img', (id, text) => distributionChart({ id, title: text, description: text, counts: [1, 0, 2, 3, 0, 5, 7, 11, 13, 17, 19], width: 333.33 })],
  ['split', 'img', (id, text) => categorySplit({ id, title: text, description: text, promoters: 7, passives: 3, detractors: 1, width: 333.33 })],
  ['sparkline', 'img', (id, text) => sparkline({ id, title: text, values: [12.34, null, 33.33, -7.77], width: 99.99 })],
  [
    'intervals',
    'group',
    (id, text) =>
      intervalChart({
        id,
        title: text,
        description: text,
        rows: [
          { label: text, nps: 12.345, low: -3.21, high: 27.77, href: `/results?segment=${text}` },
          { label: 'Short', nps: null, low: null, high: null },
        ],
        benchmark: { low: 10, high: 30, label: text },
        width: 555.55,
      }),
  ],
  [
    'theme impact',
    'group',
    (id, text) =>
      impactChart({
        id,
        title: text,
        description: text,
        rows: [
          { label: text, value: 12.345, low: 8.111, high: 17.777, href: `/results/demo/comments?theme=${text}` },
          { label: 'Short', value: 0, low: 0, high: 2.222 },
        ],
        width: 555.55,
      }),
  ],
  [
    'themes over time',
    'img',
    (id, text) =>
      shareMultiples({
        id,
        title: text,
        description: text,
        series: [
          { label: text, points: [{ label: text, share: 0.1234, rise: false }, { label: '03-09', share: null, rise: false }, { label: '03-16', share: 0.3333, rise: true }] },
          { label: 'Price', points: [{ label: '03-02', share: 0.05, rise: false }, { label: '03-09', share: 0.0777, rise: false }, { label: '03-16', share: 0, rise: false }] },
        ],
        width: 555.55,
      }),
  ],
];

describe.each(charts)('the %s chart', (_, role, render) => {
  it(`is ${role === 'img' ? 'an image' : 'a group of links'} named by its title and description`, () => {
    const svg = render('nps-q1', 'Net Promoter Score');
    const [root] = elements(svg, 'svg');
    expect(root).toMatchObject({ role, 'aria-labelledby': 'nps-q1-title nps-q1-desc', class: 'chart', 'font-family': 'system-ui, sans-serif' });
    expect(svg).toMatch(/<title id="nps-q1-title">Net Promoter Score<\/title>/);
    expect(svg).toMatch(/<desc id="nps-q1-desc">[^<]+<\/desc>/);
  });

  it('scales to its container: a viewBox and no fixed size', () => {
    const [root] = elements(render('c', 'Chart'), 'svg');
    expect(root?.viewBox).toMatch(/^0 0 [\d.]+ [\d.]+$/);
    expect(root).not.toHaveProperty('width');
    expect(root).not.toHaveProperty('height');
  });

  it('shows hostile text as text, never as markup', () => {
    const svg = render('c', HOSTILE);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;');
    expect(isBalanced(svg)).toBe(true);
  });

  it('writes no number with more than one decimal (opacities apart)', () => {
    const svg = render('c', 'Chart').replace(/(fill|stroke)-opacity="[\d.]+"/g, '');
    expect(svg).not.toMatch(/\d\.\d\d/);
    expect(viewBox(svg).every((value) => Number.isFinite(value))).toBe(true);
  });

  it('writes all text in colours that read at 4.5:1 on white, and white only on coloured segments', () => {
    const svg = render('c', 'Chart');
    for (const { fill } of elements(svg, 'text')) {
      if (fill === colours.onColour) continue;
      expect(contrast(fill ?? '', '#ffffff'), fill).toBeGreaterThanOrEqual(4.5);
    }
    for (const segment of [colours.detractor, colours.passive, colours.promoter]) {
      expect(contrast(colours.onColour, segment)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

// WCAG 2 relative luminance and contrast ratio.
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
