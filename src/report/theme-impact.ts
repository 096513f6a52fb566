/** Theme impact ("points at stake"): each theme's comments by category, the share of each category that mentions it, and 100 × D_theme / n with its Wilson interval, ranked. No I/O. */
import { CATEGORIES, type Category } from '@/nps/category';
import { wilsonInterval } from '@/nps/proportion';
import { netPromoterScore, type CategoryCounts } from '@/nps/score';
import type { ThemeCountRow } from '@/report/rows';
import { THEMES } from '@/report/themes';

export interface ThemeImpact {
  theme: string;
  label: string;
  comments: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** How much the NPS would rise if this theme's detractors had been passives: 100 × D_theme / n. */
  pointsAtStake: number;
  /** 95% Wilson interval of D_theme / n, in points (× 100). */
  interval: [number, number];
  /** The share of each category's answers that mention the theme; null for a category nobody is in. */
  shares: Record<Category, number | null>;
}

export interface ThemeImpactReport {
  n: number;
  /** Unrounded; null without answers. */
  nps: number | null;
  /** Most points at stake first. */
  themes: ThemeImpact[];
  /** The theme most over-represented among detractors (see overRepresentation), if any is. */
  overRepresented: string | null;
}

const PLURAL = { detractor: 'detractors', passive: 'passives', promoter: 'promoters' } as const satisfies Record<Category, keyof CategoryCounts>;

/** Sums rows (of any days) into comments per theme and category, for the themes the table still knows. */
function countsByTheme(rows: ThemeCountRow[]): Map<string, CategoryCounts> {
  const byTheme = new Map<string, CategoryCounts>();
  for (const row of rows) {
    if (!Object.hasOwn(THEMES, row.theme)) continue;
    const counts = byTheme.get(row.theme) ?? { promoters: 0, passives: 0, detractors: 0 };
    counts[PLURAL[row.category]] += row.comments;
    byTheme.set(row.theme, counts);
  }
  // Rows that net to nothing (an edit moved the comment, or a month less its days outside the period): no theme.
  for (const [theme, counts] of byTheme) if (counts.promoters === 0 && counts.passives === 0 && counts.detractors === 0) byTheme.delete(theme);
  return byTheme;
}

/**
 * How much more often detractors mention a theme than everyone else does: the share of
 * detractors mentioning it minus the share of promoters and passives mentioning it.
 */
export function overRepresentation(impact: ThemeImpact, totals: CategoryCounts): number {
  const others = totals.promoters + totals.passives;
  const shareOfOthers = others === 0 ? 0 : (impact.promoters + impact.passives) / others;
  return (impact.shares.detractor ?? 0) - shareOfOthers;
}

/** `totals`: the answers in the period and segment (rollup_days); `rows`: comments per theme and category in the same. */
export function themeImpact(totals: CategoryCounts, rows: ThemeCountRow[]): ThemeImpactReport {
  const n = totals.promoters + totals.passives + totals.detractors;
  const share = (mentions: number, of: number) => (of === 0 ? null : mentions / of);
  const themes: ThemeImpact[] = [];
  for (const [theme, counts] of countsByTheme(rows)) {
    const comments = counts.promoters + counts.passives + counts.detractors;
    const interval = wilsonInterval(counts.detractors, n);
    if (comments <= 0 || !interval) continue;
    themes.push({
      theme,
      label: THEMES[theme]!.label,
      comments,
      ...counts,
      pointsAtStake: (100 * counts.detractors) / n,
      interval: [100 * interval[0], 100 * interval[1]],
      shares: Object.fromEntries(CATEGORIES.map((c) => [c, share(counts[PLURAL[c]], totals[PLURAL[c]])])) as Record<Category, number | null>,
    });
  }
  themes.sort((a, b) => b.pointsAtStake - a.pointsAtStake || b.comments - a.comments || a.theme.localeCompare(b.theme));
  const [most] = themes
    .map((impact) => ({ theme: impact.theme, by: overRepresentation(impact, totals) }))
    .filter(({ by }) => by > 0)
    .sort((a, b) => b.by - a.by);
  return { n, nps: netPromoterScore(totals), themes, overRepresented: most?.theme ?? null };
}
