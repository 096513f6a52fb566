import { Hono } from 'hono';
import { html } from 'hono/html';
import { invitationRequestSchema, invitationRequestSchemaFor, type InvitationResult } from '../../src/schemas/invitation';
import { messages } from '../../src/i18n/messages';
import { getSurvey } from '../surveys/catalog';
import { findInvitation, inviteRecipients, unsubscribe } from '../db/invitations';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { isBody, limitBody, MAX_INVITATION_BYTES, MAX_ANSWER_BYTES, readBody } from './body';
import { localeOf, messagePage, respondentPage } from './html';
import { issuesOf, problem } from './problems';

/** Links for one invitation: the survey, one per score 0–10 for the e-mail, and unsubscribe. */
export function invitationLinks(base: string, token: string) {
  return {
    id: token,
    url: `${base}/i/${token}/`,
    scoreUrls: Array.from({ length: 11 }, (_, score) => `${base}/i/${token}/${score}/`),
    unsubscribeUrl: `${base}/u/${token}/`,
  };
}

export const invitations = new Hono<AppEnv>()
  .post('/api/invitations', requireAdmin, limitBody(MAX_INVITATION_BYTES), async (c) => {
    const body = await readBody(c);
    if (!isBody(body)) return body;
    const envelope = invitationRequestSchema.pick({ survey: true }).loose().safeParse(body.fields);
    if (!envelope.success) return problem(c, 400, 'Invalid invitation request', issuesOf(envelope.error));
    const survey = getSurvey(envelope.data.survey);
    if (!survey) return problem(c, 404, 'Unknown survey', [{ path: 'survey', code: 'survey.unknown', message: `no survey "${envelope.data.survey}"` }]);
    if (survey.status === 'closed') return problem(c, 410, 'This survey is closed', [{ path: 'survey', code: 'survey.closed', message: 'no longer accepts answers' }]);
    const parsed = invitationRequestSchemaFor(survey).safeParse(body.fields);
    if (!parsed.success) return problem(c, 400, 'Invalid invitation request', issuesOf(parsed.error));

    const outcomes = await inviteRecipients(c.env.DB, survey, parsed.data.recipients);
    const base = (c.env.PUBLIC_URL || new URL(c.req.url).origin).replace(/\/$/, '');
    const results: InvitationResult[] = outcomes.map((o) => ('invitation' in o ? invitationLinks(base, o.invitation) : o));
    return c.json({ survey: survey.id, results }, 201);
  })
  // Unsubscribing needs a POST: mail scanners open links, people press buttons.
  .get('/u/:token/', async (c) => {
    const found = await invitationContext(c.env.DB, c.req.param('token'));
    if (!found) return c.html(messagePage('en', 'notFoundTitle', 'notFoundBody'), 404);
    const t = messages(found.locale);
    return c.html(
      respondentPage(
        found.locale,
        t('unsubscribeTitle'),
        html`<p>${t('unsubscribeBody', { company: found.company })}</p>
<form method="post"><button type="submit">${t('unsubscribeButton')}</button></form>`,
      ),
    );
  })
  .post('/u/:token/', limitBody(MAX_ANSWER_BYTES), async (c) => {
    const found = await invitationContext(c.env.DB, c.req.param('token'));
    if (!found || !(await unsubscribe(c.env.DB, c.req.param('token')))) {
      return c.html(messagePage('en', 'notFoundTitle', 'notFoundBody'), 404);
    }
    return c.html(messagePage(found.locale, 'unsubscribeTitle', 'unsubscribedBody', { company: found.company }));
  });

async function invitationContext(db: D1Database, token: string) {
  const invitation = await findInvitation(db, token);
  const survey = invitation && getSurvey(invitation.survey);
  if (!invitation || !survey) return undefined;
  return { locale: localeOf(invitation.locale, survey.locale), company: survey.company };
}
