/** POST /api/invitations: personal invitation links for recipients from a CRM or helpdesk. */
import { Hono } from 'hono';
import { invitationRequestSchema, invitationRequestSchemaFor, invitationResultSchema, type InvitationResult } from '@/schemas/invitation';
import { getSurvey } from '../surveys/catalog';
import { inviteRecipients } from '../db/invitations';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { isBody, limitBody, MAX_INVITATION_BYTES, readBody } from './body';
import { closedSurvey, issuesOf, problem, unknownSurvey } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, problemReply } from './describe';
import { enqueueMails } from '../mail/enqueue';
import { afterReply } from '../http/background';

/** Links for one invitation: the survey, one per score 0–10 for the e-mail, and unsubscribe. */
export function invitationLinks(base: string, token: string) {
  return {
    id: token,
    url: `${base}/i/${token}/`,
    scoreUrls: Array.from({ length: 11 }, (_, score) => `${base}/i/${token}/${score}/`),
    unsubscribeUrl: `${base}/u/${token}/`,
  };
}

const describeInvite = describeRoute({
  summary: 'Invite up to 1,000 recipients; returns the links to put in each e-mail, or with "send": true mails them too',
  security: ADMIN_ONLY,
  requestBody: { required: true, content: json(component('InvitationRequest', invitationRequestSchema)) },
  responses: {
    201: {
      description: 'One result per recipient, in order',
      content: json({
        type: 'object',
        properties: { survey: { type: 'string' }, results: { type: 'array', items: component('InvitationResult', invitationResultSchema, 'output') } },
      }),
    },
    400: problemReply('Invalid'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

/** Mounted at /api/invitations. */
export const invitations = new Hono<AppEnv>()
  .post('/', describeInvite, requireAdmin, limitBody(MAX_INVITATION_BYTES), async (c) => {
    const body = await readBody(c);
    if (!isBody(body)) return body;
    const envelope = invitationRequestSchema.pick({ survey: true }).loose().safeParse(body.fields);
    if (!envelope.success) return problem(c, 400, 'Invalid invitation request', issuesOf(envelope.error));
    const survey = getSurvey(envelope.data.survey);
    if (!survey) return unknownSurvey(c, envelope.data.survey);
    if (survey.status === 'closed') return closedSurvey(c);
    const parsed = invitationRequestSchemaFor(survey).safeParse(body.fields);
    if (!parsed.success) return problem(c, 400, 'Invalid invitation request', issuesOf(parsed.error));

    const base = (c.env.PUBLIC_URL || new URL(c.req.url).origin).replace(/\/$/, '');
    const outcomes = await inviteRecipients(c.env.DB, survey, parsed.data.recipients, Date.now(), {
      suppressionKey: c.env.SUPPRESSION_KEY,
      ...(parsed.data.send ? { mail: { origin: base } } : {}),
    });
    const results: InvitationResult[] = outcomes.map((o) => ('invitation' in o ? invitationLinks(base, o.invitation) : o));
    // The reply does not wait for the queue: a queue that is down leaves the rows for the Cron sweep.
    await afterReply(c, enqueueMails(c.env, outcomes.mails));
    return c.json({ survey: survey.id, results }, 201);
  });
