/** A share with its 95% interval (Wilson score), and whether two shares differ (two-proportion z-test). */
import { Z95 } from './interval';

/**
 * Wilson 1927, "Probable inference, the law of succession, and statistical inference", JASA 22:
 * the score interval stays inside [0, 1] and keeps its coverage at small n and at 0 or n
 * successes, where the plain Wald interval collapses to a point. Newcombe 1998 (Statistics in
 * Medicine 17) recommends it among seven methods. Null without observations.
 */
export function wilson(successes: number, n: number, z = Z95): [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const margin = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1; floating point would leave a trace.
  return [successes === 0 ? 0 : Math.max(0, centre - margin), successes === n ? 1 : Math.min(1, centre + margin)];
}

export interface ShareDifference {
  /** a's share minus b's; null when either has no observations. */
  difference: number | null;
  z: number | null;
  /** Two-sided at 95%. */
  significant: boolean;
}

/**
 * Do two independent shares differ? The pooled two-proportion z-test (e.g. Agresti, "Categorical
 * Data Analysis", 3rd ed., 3.1.3): z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ the pooled share.
 */
export function compareShares(a: { successes: number; n: number }, b: { successes: number; n: number }): ShareDifference {
  if (a.n === 0 || b.n === 0) return { difference: null, z: null, significant: false };
  const difference = a.successes / a.n - b.successes / b.n;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  // Both shares 0 or both 1: no spread, no evidence of a difference.
  if (se === 0) return { difference, z: 0, significant: false };
  const z = difference / se;
  return { difference, z, significant: Math.abs(z) > Z95 };
}
