/** What the CRM reports of a contact after the survey (POST /api/contacts/outcomes), and the loyalty report's query. */
import { z } from 'zod';
import { lineText } from './text';

/** Up to 1,000 outcomes a call, as the invitation API takes recipients. */
export const MAX_OUTCOMES = 1000;
export const OUTCOME_TYPES = ['churned', 'renewed', 'revenue'] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

// A report dated ahead of the Worker's clock by more than this is refused (a CRM clock a little fast is not).
const CLOCK_SKEW_MS = 5 * 60_000;

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO date or date-time, like 2026-03-31 or 2026-03-31T12:00:00Z' })
  .transform((text) => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text))
  .refine((at) => at <= Date.now() + CLOCK_SKEW_MS, 'must not be in the future');

export const outcomeSchema = z
  .object({
    // The CRM's externalId of the contact, or its e-mail address.
    contact: lineText(254),
    at: instant,
    type: z.enum(OUTCOME_TYPES, { error: `must be one of ${OUTCOME_TYPES.join(', ')}` }),
    amount: z.number({ error: 'must be a number' }).finite().min(0, 'must not be negative').max(1e12).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, like EUR').optional(),
  })
  .strict()
  .refine((o) => o.type !== 'revenue' || o.amount !== undefined, { message: 'a revenue outcome needs an amount', path: ['amount'] })
  .refine((o) => o.type === 'revenue' || (o.amount === undefined && o.currency === undefined), {
    message: 'only a revenue outcome has an amount',
    path: ['amount'],
  });
export type Outcome = z.infer<typeof outcomeSchema>;

export const outcomeRequestSchema = z
  .object({ outcomes: z.array(outcomeSchema).min(1, 'must not be empty').max(MAX_OUTCOMES, `at most ${MAX_OUTCOMES} per call`) })
  .strict();

export const outcomeResultSchema = z.object({
  recorded: z.number().int().describe('outcomes stored or replaced (the same contact, type and day again replaces)'),
  unknown: z
    .array(z.object({ path: z.string(), contact: z.string() }))
    .describe('outcomes whose contact is not known, by position (outcomes.<i>.contact); the others are kept'),
});

/** GET /api/reports/loyalty: the cohort whose latest answer falls in from–to, followed for `months`. */
export const loyaltyQuerySchema = z
  .object({
    survey: lineText(64).optional(),
    months: z.coerce.number({ error: 'must be a whole number of months' }).int('must be a whole number of months').min(1).max(36).default(12),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type LoyaltyQuery = z.infer<typeof loyaltyQuerySchema>;
