/** The 95% interval of an NPS and the significance of a change between two, by the adjusted Wald method. */
import { netPromoterScore, type CategoryCounts } from '@/nps/score';

// Rocks 2016, "Interval Estimation for the Net Promoter Score", The American Statistician 70(4);
// MeasuringU. Three pseudo-answers are added, 3/4 promoter, 3/2 passive, 3/4 detractor, which
// keeps the interval honest at small n and when every answer is in one category (plain Wald
// collapses to zero width there).
export const Z95 = 1.959964;

export interface NpsEstimate extends CategoryCounts {
  n: number;
  /** The reported NPS, 100 × (P − D) / n; null without answers. */
  nps: number | null;
  /** The 95% interval, clipped to [−100, 100]; null without answers. */
  low: number | null;
  high: number | null;
}

interface Adjusted {
  centre: number;
  variance: number;
  n: number;
}

function adjust({ promoters, passives, detractors }: CategoryCounts): Adjusted {
  const n = promoters + passives + detractors + 3;
  const p = (promoters + 0.75) / n;
  const d = (detractors + 0.75) / n;
  return { centre: p - d, variance: p + d - (p - d) ** 2, n };
}

const clip = (value: number) => Math.max(-100, Math.min(100, value));

export function estimate(counts: CategoryCounts): NpsEstimate {
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return { ...counts, n, nps: null, low: null, high: null };
  const { centre, variance, n: adjustedN } = adjust(counts);
  // Centred on the adjusted value, so not symmetric around the reported NPS.
  const margin = Z95 * Math.sqrt(variance / adjustedN);
  return { ...counts, n, nps: netPromoterScore(counts), low: clip(100 * (centre - margin)), high: clip(100 * (centre + margin)) };
}

export type Direction = 'up' | 'down' | 'none';

export interface Comparison {
  /** Current NPS minus previous NPS (reported values); null when either has no answers. */
  difference: number | null;
  z: number | null;
  /** Two-sided test at 95% on the adjusted values. */
  significant: boolean;
  direction: Direction;
}

/** Is `current` different from `previous` (two independent samples), at 95%? */
export function compare(current: CategoryCounts, previous: CategoryCounts): Comparison {
  const a = estimate(current);
  const b = estimate(previous);
  if (a.nps === null || b.nps === null) return { difference: null, z: null, significant: false, direction: 'none' };
  const x = adjust(current);
  const y = adjust(previous);
  const z = (x.centre - y.centre) / Math.sqrt(x.variance / x.n + y.variance / y.n);
  const significant = Math.abs(z) > Z95;
  return { difference: a.nps - b.nps, z, significant, direction: significant ? (z > 0 ? 'up' : 'down') : 'none' };
}

/** Counts from a 0–10 histogram (index = score). */
export function countsFromScores(scores: readonly number[]): CategoryCounts {
  const sum = (from: number, to: number) => scores.slice(from, to + 1).reduce((a, b) => a + b, 0);
  return { detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) };
}
