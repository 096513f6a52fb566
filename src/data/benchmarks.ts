/** Industry benchmarks (src/data/benchmarks.json), validated once: the band on the results. */
import { z } from 'zod';
import table from './benchmarks.json';

/** An industry's typical NPS range, drawn as a band on the results. */
export const benchmarkSchema = z
  .object({ label: z.string().min(1), low: z.number().min(-100).max(100), high: z.number().min(-100).max(100) })
  .refine((b) => b.low <= b.high, { message: 'low must not exceed high', path: ['low'] });
export type Benchmark = z.infer<typeof benchmarkSchema>;

/** src/data/benchmarks.json, checked once: admins edit that file to override or extend it. */
export const INDUSTRY_BENCHMARKS: Record<string, Benchmark> = z
  .record(z.string(), benchmarkSchema)
  .parse(Object.fromEntries(Object.entries(table).filter(([key]) => !key.startsWith('$'))));

export const INDUSTRIES = Object.keys(INDUSTRY_BENCHMARKS) as [string, ...string[]];
