/** NPS categories: 0–6 detractor, 7–8 passive, 9–10 promoter (Reichheld, "The One Number You Need to Grow", HBR 2003). */
export const CATEGORIES = ['detractor', 'passive', 'promoter'] as const;
export type Category = (typeof CATEGORIES)[number];

export const MIN_SCORE = 0;
export const MAX_SCORE = 10;

export function categorise(score: number): Category {
  if (!Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) {
    throw new RangeError(`score must be an integer from ${MIN_SCORE} to ${MAX_SCORE}, got ${score}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}
