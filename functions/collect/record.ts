/** The single path every answer takes: validated against its survey, categorised, stored. */
import { categorise, type Category } from '@/nps/category';
import type { Survey } from '@/schemas/survey';
import { alertRule } from '@/alerts/rule';
import { idempotencyKeySchema, submissionSchemaFor } from '@/schemas/response';
import { findInvitation } from '../db/invitations';
import { saveResponse } from '../db/responses';
import { issuesOf, type Issue } from '../api/problems';

export type Recorded =
  | { ok: true; id: string; category: Category; locale: string; alert?: string }
  | { ok: false; issues: Issue[] };

/**
 * Validates a submission against its survey and stores it: the single path every answer takes,
 * from the JSON API, the no-JS form and the invitation page alike. The category is decided here.
 */
export async function recordSubmission(
  db: D1Database,
  survey: Survey,
  fields: unknown,
  options: { idempotencyKey?: string; alertToSend?: boolean } = {},
): Promise<Recorded> {
  // reportInput: an issue's code tells a missing score from a wrong one (see codeOf).
  const parsed = submissionSchemaFor(survey).safeParse(fields, { reportInput: true });
  const key = idempotencyKeySchema.optional().safeParse(options.idempotencyKey);
  if (!parsed.success || !key.success) {
    return { ok: false, issues: [...(parsed.error ? issuesOf(parsed.error) : []), ...(key.error ? issuesOf(key.error, ['Idempotency-Key']) : [])] };
  }
  const submission = parsed.data;

  let invitation = null;
  if (submission.invitation !== undefined) {
    invitation = await findInvitation(db, submission.invitation);
    // A token from another survey is as good as a forged one.
    if (!invitation || invitation.survey !== survey.id) {
      return { ok: false, issues: [{ path: 'invitation', code: 'invitation.invalid', message: 'is not a valid invitation for this survey' }] };
    }
  }

  const locale = submission.locale ?? invitation?.locale ?? survey.locale;
  const category = categorise(submission.score);
  const stored = await saveResponse(db, {
    survey: survey.id,
    score: submission.score,
    category,
    reason: submission.reason,
    followUp: submission.followUp,
    answers: submission.answers,
    // An invitation carries the segments its sender gave; link segments come from the link.
    segments: invitation ? (JSON.parse(invitation.segments) as Record<string, string>) : submission.segments,
    locale,
    channel: invitation ? 'invitation' : 'link',
    invitationId: invitation?.id,
    contactId: invitation?.contact_id,
    idempotencyKey: key.data,
    alertRule: alertRule(survey.alerts.when),
    alertToSend: options.alertToSend,
  });
  return { ok: true, id: stored.id, category: stored.category, locale, alert: stored.alert };
}
