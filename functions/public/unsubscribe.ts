/** The unsubscribe page of an invitation's link, /u/<token>/: a button, then a confirmation, in the invitation's language. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { messages } from '@/i18n/messages';
import { getSurvey } from '../surveys/catalog';
import { findInvitation, unsubscribe } from '../db/invitations';
import type { AppEnv } from '../app';
import { limitBody, MAX_ANSWER_BYTES } from '../api/body';
import { localeOf, messagePage, respondentPage } from '../api/html';

/** Mounted at /u. */
export const unsubscribePage = new Hono<AppEnv>()
  // Unsubscribing needs a POST: mail scanners open links, people press buttons.
  .get('/:token/', async (c) => {
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
  .post('/:token/', limitBody(MAX_ANSWER_BYTES), async (c) => {
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
