/** The touches API's request and reply: calls, meetings and cases a CRM reports with a contact. */
import { z } from 'zod';
import { dateOf, EARLIEST_DAY } from '@/report/days';
import { issueSchema } from './problem';
import { commentText, lineText } from './text';

/** POST /api/contacts/touches: up to 1,000 touches a call. */
export const MAX_TOUCHES = 1000;
/** How far ahead of our clock a reported `at` may be: the CRM's clock may run a little fast. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const touchSchema = z
  .object({
    // The CRM's externalId or an e-mail address, as the contact was invited (functions/db/invitations.ts).
    contact: lineText(254),
    at: z.iso
      .datetime({ offset: true, error: 'must be an ISO date-time with a time zone, e.g. 2026-11-26T14:30:00Z' })
      .transform((text) => Date.parse(text))
      .refine((at) => at >= dateOf(EARLIEST_DAY).getTime(), `must be on or after ${EARLIEST_DAY}`)
      .refine((at) => at <= Date.now() + CLOCK_SKEW_MS, { message: 'must not be in the future', params: { code: 'date.future' } })
      .optional(),
    channel: lineText(64).optional(),
    note: commentText(2000),
  })
  .strict();
export type Touch = z.infer<typeof touchSchema>;

export const touchRequestSchema = z
  .object({ touches: z.array(touchSchema).min(1, 'must hold at least one touch').max(MAX_TOUCHES, `at most ${MAX_TOUCHES} per call`) })
  .strict();

/** 200: how many touches were new, how many were known already, and each row naming no known contact. */
export const touchResultSchema = z.object({
  recorded: z.number().int(),
  duplicates: z.number().int(),
  unknown: z.array(issueSchema).describe('one issue per touch whose contact is unknown: path "touches.<i>.contact", code "contact.unknown"'),
});
export type TouchResult = z.infer<typeof touchResultSchema>;
