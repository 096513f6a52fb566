/** The summary API's query: a period and segment filters. */
import { z } from 'zod';
import type { Survey } from './survey';
import { segmentValueSchema } from './response';

/** GET /api/surveys/<survey>/summary: a period (dates are whole UTC days) and segment filters. */
const dateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (2026-01-31) or an ISO date-time',
});

export const summaryQuerySchema = z
  .object({ from: dateOrTime.optional(), to: dateOrTime.optional() })
  .catchall(segmentValueSchema);

export function summaryQuerySchemaFor(survey: Survey) {
  const segments = Object.fromEntries(survey.segments.map((d) => [d, segmentValueSchema.optional()]));
  return z.object({ from: dateOrTime.optional(), to: dateOrTime.optional(), ...segments }).strict();
}

export const summarySchema = z.object({
  survey: z.string(),
  n: z.number().int(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  nps: z.number().nullable().describe('100 × (promoters − detractors) / n, unrounded; null when n = 0'),
});
export type Summary = z.infer<typeof summarySchema>;

/** "2026-01-31" as a `from` is that day's start, as a `to` that day's end (inclusive). */
export function periodBound(value: string | undefined, edge: 'from' | 'to'): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return edge === 'from' ? start : start + 86_400_000;
  }
  return Date.parse(value) + (edge === 'to' ? 1 : 0);
}
