/** The follow-up queue's shapes: a change (PATCH and the item page's form), the list's filters, an item and its history. */
import { z } from 'zod';
import { CATEGORIES } from '@/nps/category';
import { dateOf, dayOf } from '@/report/days';
import { decodeCursor } from '@/report/cursor';
import { segmentValueSchema } from './response';
import { commentText, lineText } from './text';

export const FOLLOW_UP_STATUSES = ['new', 'contacted', 'resolved', 'no-action'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** What a history row records (migrations/0011). */
export type FollowUpField = 'status' | 'owner' | 'note' | 'due';

export const OWNER_MAX = 200;
export const NOTE_MAX = 2000;
/** The API's largest page; the results page shows fewer. */
export const FOLLOW_UPS_MAX_PAGE = 100;

/** A real calendar day, YYYY-MM-DD (2026-02-30 is refused). */
export const daySchema = z
  .string({ error: 'must be a date like 2026-01-31' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
  .refine((day) => !Number.isNaN(dateOf(day).getTime()) && dayOf(dateOf(day)) === day, 'must be a real date like 2026-01-31');

const statusSchema = z.enum(FOLLOW_UP_STATUSES, { error: `must be one of ${FOLLOW_UP_STATUSES.join(', ')}` });

/**
 * PATCH /api/follow-ups/<ref>, and the item page's form: at least one field. `owner` null (or
 * empty) gives the item back to nobody; `note` is added to the history, never replaced.
 */
export const followUpChangeSchema = z
  .object({
    status: statusSchema.optional(),
    owner: z.union([z.literal('').transform(() => null), z.null(), lineText(OWNER_MAX)]).optional(),
    note: commentText(NOTE_MAX),
    due: daySchema.optional(),
  })
  .strict()
  .refine((change) => Object.values(change).some((value) => value !== undefined), {
    path: [],
    message: 'must change at least one of status, owner, note, due',
  });
export type FollowUpChange = z.infer<typeof followUpChangeSchema>;

/** An absent filter and an empty one (a form's "All") are the same. */
const filter = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** GET /api/follow-ups and /results/follow-ups: the filters (segments apart, as `segment.<dimension>`) and the page. */
export const followUpQuerySchema = z
  .object({
    survey: filter(z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a survey id')),
    status: filter(statusSchema),
    owner: filter(lineText(OWNER_MAX)),
    due: filter(daySchema).describe('due on or before this day'),
    after: filter(z.string().refine((cursor) => decodeCursor(cursor) !== null && decodeCursor(cursor)!.rank === undefined, 'must be the `next` of a previous page')),
    limit: filter(z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(FOLLOW_UPS_MAX_PAGE, `must be at most ${FOLLOW_UPS_MAX_PAGE}`)),
    segment: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a segment dimension'), segmentValueSchema).default({}),
  })
  .strict();
export type FollowUpQuery = z.infer<typeof followUpQuerySchema>;

/** The query string as the schema reads it: `segment.<dimension>` fields gathered under `segment`. */
export function followUpQueryFields(params: URLSearchParams) {
  const fields: Record<string, unknown> = {};
  const segment: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key.startsWith('segment.')) {
      if (value !== '') segment[key.slice('segment.'.length)] = value;
    } else fields[key] = value;
  }
  return { ...fields, segment };
}

const historySchema = z.object({
  at: z.string().describe('ISO date-time'),
  actor: z.string().describe('the Cloudflare Access e-mail, or "admin" for a token login'),
  field: z.enum(['status', 'owner', 'note', 'due']),
  value: z.string().nullable(),
});
export type FollowUpHistory = z.infer<typeof historySchema>;

export const followUpSchema = z.object({
  ref: z.string().describe("the answer's public reference"),
  survey: z.string(),
  score: z.number().int(),
  category: z.enum(CATEGORIES),
  reason: z.string().nullable(),
  followUp: z.string().nullable().describe("the respondent's answer to the follow-up question"),
  segments: z.record(z.string(), z.string()),
  locale: z.string(),
  answeredAt: z.string().describe('ISO date-time'),
  status: statusSchema,
  owner: z.string().nullable(),
  due: z.string().describe('YYYY-MM-DD; by default 2 working days after the answer'),
  updatedAt: z.string().nullable().describe('ISO date-time of the last change; null while nobody has acted on it'),
  contact: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable().describe('when the answer came through an invitation'),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const followUpWithHistorySchema = followUpSchema.extend({ history: z.array(historySchema) });
export const followUpListSchema = z.object({ items: z.array(followUpSchema), next: z.string().nullable() });
