/** The invitation API's request: recipients from a CRM or helpdesk. */
import { z } from 'zod';
import { localeSchema, type Survey } from './survey';
import { segmentValueSchema as segmentValue } from './response';
import { lineText, withoutControls } from './text';

/** POST /api/invitations: what a CRM or helpdesk sends, up to 1,000 recipients a call. */
export const MAX_RECIPIENTS = 1000;

/** Who a person is, as a CRM knows them: the fields a contact and an invitation's recipient share. */
export function contactFields(locale: z.ZodType<string>, segments: z.ZodType<Record<string, string | undefined>>) {
  return {
    email: z.email('must be an e-mail address').max(254).optional(),
    externalId: lineText(128).optional(),
    name: lineText(200).optional(),
    locale: locale.optional(),
    segments: segments.default({}),
  };
}

/** A person is known by the CRM's id or an e-mail address: one of the two is needed. */
export const NEEDS_AN_ID = {
  check: (r: { email?: string; externalId?: string }) => r.email !== undefined || r.externalId !== undefined,
  params: { message: 'needs an email or an externalId', path: ['email'] },
};

function recipientSchemaWith(locale: z.ZodType<string>, segments: z.ZodType<Record<string, string | undefined>>) {
  return z
    .object({
      ...contactFields(locale, segments),
      // What the answer is about, e.g. "case-4711": the same touchpoint again is the same invitation.
      touchpoint: lineText(128).optional(),
    })
    .strict()
    .refine(NEEDS_AN_ID.check, NEEDS_AN_ID.params);
}

function requestSchemaWith<R extends z.ZodType<{ email?: string }>>(recipient: R) {
  return z
    .object({
      survey: withoutControls(z.string().min(1).max(64)),
      recipients: z.array(recipient).min(1).max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} per call`),
      // Mail each invitation (README, "E-mail invitations"): every recipient then needs an address.
      send: z.boolean().default(false),
    })
    .strict();
}

/** With "send": true, each recipient without an e-mail is a 400 naming it. */
function checkedForSending<S extends z.ZodType<{ send: boolean; recipients: { email?: string }[] }>>(schema: S) {
  return schema.superRefine((request, ctx) => {
    if (!request.send) return;
    request.recipients.forEach((r, i) => {
      if (r.email === undefined) ctx.addIssue({ code: 'custom', path: ['recipients', i, 'email'], message: 'is needed to send the invitation' });
    });
  });
}

export const recipientSchema = recipientSchemaWith(localeSchema, z.record(z.string(), segmentValue));
export type Recipient = z.infer<typeof recipientSchema>;
export const invitationRequestSchema = requestSchemaWith(recipientSchema);

/** Recipients as this survey accepts them: its locales and segment dimensions only. */
export function invitationRequestSchemaFor(survey: Survey) {
  const locale = z.enum(survey.locales as [string, ...string[]], { error: `must be one of ${survey.locales.join(', ')}` });
  const segments = z.object(Object.fromEntries(survey.segments.map((d) => [d, segmentValue.optional()]))).strict();
  return checkedForSending(requestSchemaWith(recipientSchemaWith(locale, segments)));
}

export const invitationLinksSchema = z.object({
  id: z.string(),
  url: z.url(),
  scoreUrls: z.array(z.url()).length(11),
  unsubscribeUrl: z.url(),
});
export const invitationResultSchema = z.union([
  invitationLinksSchema,
  z.object({ skipped: z.enum(['throttled', 'unsubscribed']) }),
]);
export type InvitationResult = z.infer<typeof invitationResultSchema>;
