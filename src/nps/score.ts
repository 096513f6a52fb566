/** Answers counted by category. */
export interface CategoryCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * NPS = 100 × (promoters − detractors) / all answers; passives count in the denominator only.
 * Undefined (null) with no answers: a score of 0 would claim balance that nobody expressed.
 */
export function netPromoterScore({ promoters, passives, detractors }: CategoryCounts): number | null {
  const n = promoters + passives + detractors;
  return n === 0 ? null : (100 * (promoters - detractors)) / n;
}
