/** A proportion's 95% interval (Wilson score) and whether a proportion rose or fell between two samples (two-proportion z-test). */
import { Z95, type Direction } from '@/nps/interval';

/**
 * Wilson 1927, "Probable inference, the law of succession, and statistical inference", JASA 22;
 * method 3 of Newcombe 1998, Statistics in Medicine 17. Unlike plain Wald it stays inside [0, 1]
 * and keeps a width at 0 or n successes. Null without a sample.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const margin = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes one end is exactly 0 or 1; rounding would leave a trace of 1e-17.
  return [successes <= 0 ? 0 : Math.max(0, centre - margin), successes >= n ? 1 : Math.min(1, centre + margin)];
}

export interface ProportionChange {
  /** The later share minus the earlier one. */
  difference: number;
  z: number;
  /** Two-sided at 95%. */
  significant: boolean;
  direction: Direction;
}

/**
 * Is x₂/n₂ (later) different from x₁/n₁ (earlier)? The pooled two-proportion z-test:
 * z = (p₂ − p₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (x₁ + x₂)/(n₁ + n₂). Null without both samples,
 * or when the pooled share is 0 or 1 (nothing varies, so there is nothing to test).
 */
export function compareProportions(earlier: { x: number; n: number }, later: { x: number; n: number }): ProportionChange | null {
  if (earlier.n <= 0 || later.n <= 0) return null;
  const pooled = (earlier.x + later.x) / (earlier.n + later.n);
  const spread = pooled * (1 - pooled) * (1 / earlier.n + 1 / later.n);
  if (spread <= 0) return null;
  const difference = later.x / later.n - earlier.x / earlier.n;
  const z = difference / Math.sqrt(spread);
  const significant = Math.abs(z) > Z95;
  return { difference, z, significant, direction: significant ? (z > 0 ? 'up' : 'down') : 'none' };
}
