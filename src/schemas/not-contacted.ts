/** The not-contacted report's query and rows: answered contacts whose last touch is older than `days`. */
import { z } from 'zod';
import { CATEGORIES } from '@/nps/category';
import { withoutControls } from './text';

export const MAX_REPORT_ROWS = 1000;

const whole = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))
    .default(fallback);

/** ?days=90&survey=demo&limit=100&next=<cursor>: the API's, the page's and the CSV's query. */
export const notContactedQuerySchema = z.object({
  days: whole('days', 1, 3650, 90),
  survey: withoutControls(z.string().min(1).max(64)).optional(),
  limit: whole('limit', 1, MAX_REPORT_ROWS, 100),
  next: z.string().max(200).optional(),
});
export type NotContactedQuery = z.infer<typeof notContactedQuerySchema>;

export const notContactedItemSchema = z.object({
  contact: z.string().describe('the externalId, else the e-mail address'),
  name: z.string().nullable(),
  lastTouch: z.iso.datetime().nullable().describe('null: never touched'),
  latestScore: z.number().int(),
  category: z.enum(CATEGORIES),
  survey: z.string(),
  answeredAt: z.iso.datetime(),
});
export type NotContactedItem = z.infer<typeof notContactedItemSchema>;

export const notContactedReplySchema = z.object({
  items: z.array(notContactedItemSchema),
  next: z.string().nullable().describe('the next page: pass it as ?next= with the same filters; null on the last page'),
});
