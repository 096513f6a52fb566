/**
 * Typical NPS ranges by industry, from the domain brief (seed 002). A survey names one of
 * these keys as its `industry`; the results site draws the band. Figures are relative.
 */
export const INDUSTRY_BENCHMARKS = {
  banking: { label: 'Banking and finance', low: 20, high: 30 },
  restaurants: { label: 'Restaurants', low: 25, high: 35 },
  ecommerce: { label: 'E-commerce', low: 30, high: 40 },
  travel: { label: 'Hotels and travel', low: 30, high: 40 },
  insurance: { label: 'Insurance', low: 20, high: 30 },
  automotive: { label: 'Automotive', low: 20, high: 30 },
  electronics: { label: 'Electronics', low: 20, high: 30 },
  groceries: { label: 'Groceries and food', low: 40, high: 50 },
} as const satisfies Record<string, { label: string; low: number; high: number }>;

export type Industry = keyof typeof INDUSTRY_BENCHMARKS;
export const INDUSTRIES = Object.keys(INDUSTRY_BENCHMARKS) as [Industry, ...Industry[]];
