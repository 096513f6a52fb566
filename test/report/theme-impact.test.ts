import { describe, expect, it } from 'vitest';
import { netPromoterScore } from '@/nps/score';
import type { ThemeCountRow } from '@/report/rows';
import { themeImpact } from '@/report/theme-impact';

const rows = (theme: string, detractor: number, passive: number, promoter: number): ThemeCountRow[] => [
  { theme, category: 'detractor', comments: detractor },
  { theme, category: 'passive', comments: passive },
  { theme, category: 'promoter', comments: promoter },
];

// 200 answers: 90 promoters, 50 passives, 60 detractors; NPS = 100 × (90 − 60) / 200 = +15.
const totals = { promoters: 90, passives: 50, detractors: 60 };
const example = [...rows('service', 10, 5, 30), ...rows('delivery', 24, 6, 4), ...rows('price', 10, 20, 30)];

describe('theme impact ("points at stake"), by hand', () => {
  const report = themeImpact(totals, example);

  it('gives 100 × D_theme / n: delivery 100 × 24 / 200 = 12, price and service 100 × 10 / 200 = 5', () => {
    expect(report).toMatchObject({ n: 200, nps: 15 });
    expect(report.themes.map((t) => [t.theme, t.pointsAtStake])).toEqual([
      ['delivery', 12],
      // A tie is ranked by comments: price 60, service 45.
      ['price', 5],
      ['service', 5],
    ]);
    expect(report.themes[0]).toMatchObject({ label: 'Delivery', comments: 34, promoters: 4, passives: 6, detractors: 24 });
  });

  it('is the rise of the NPS if the theme\'s detractors had been passives', () => {
    const delivery = report.themes[0]!;
    const after = netPromoterScore({ promoters: 90, passives: 50 + 24, detractors: 60 - 24 })!;
    expect(after).toBe(27);
    expect(after - report.nps!).toBeCloseTo(delivery.pointsAtStake, 10);
  });

  it('comes with the 95% Wilson interval of 24 / 200, in points', () => {
    // p = 0.12, z² / n = 0.019208: centre 0.127160, margin 1.923034 × √(0.000528 + 0.000024) = 0.045181.
    const [low, high] = report.themes[0]!.interval;
    expect(low).toBeCloseTo(8.198, 3);
    expect(high).toBeCloseTo(17.234, 3);
  });

  it('gives the share of each category that mentions the theme, and names the one most over-represented among detractors', () => {
    expect(report.themes[0]!.shares).toEqual({ detractor: 24 / 60, passive: 6 / 50, promoter: 4 / 90 });
    // Delivery: 40% of detractors, 7% of the others; price and service are mentioned more by the others.
    expect(report.overRepresented).toBe('delivery');
    expect(themeImpact(totals, rows('price', 10, 20, 30)).overRepresented).toBeNull();
  });

  it('leaves out themes the table no longer knows and themes with no comments, and has nothing without answers', () => {
    expect(themeImpact(totals, [...rows('astrology', 5, 0, 0), ...rows('billing', 0, 0, 0)]).themes).toEqual([]);
    expect(themeImpact({ promoters: 0, passives: 0, detractors: 0 }, [])).toEqual({ n: 0, nps: null, themes: [], overRepresented: null });
  });
});
