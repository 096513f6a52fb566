/** DELETE /api/contacts/{externalId or e-mail}: who is erased, and what was. */
import { z } from 'zod';
import { withoutControls } from './text';

/** The path parameter: a CRM's external id (at most 128 characters) or an e-mail address (at most 254). */
export const personParamSchema = withoutControls(z.string().min(1, 'must not be empty').max(254, 'must be at most 254 characters'));

/** Counts only: what was deleted, and how many answers were kept as anonymous scores. */
export const erasureSchema = z.object({
  erased: z.object({
    responses: z.number().int().describe('answers kept as anonymous scores: text, contact and invitation removed'),
    invitations: z.number().int(),
    followUps: z.number().int(),
    touches: z.number().int(),
    alerts: z.number().int(),
  }),
});
export type Erasure = z.infer<typeof erasureSchema>;
