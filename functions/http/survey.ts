/** The survey named in the path, looked up once: routes read a typed `c.var.survey`; an unknown id is 404. */
import { createMiddleware } from 'hono/factory';
import type { Survey } from '@/schemas/survey';
import type { AppEnv } from '../app';
import { getSurvey } from '../surveys/catalog';
import { localeOf, messagePage } from '../api/html';
import { unknownSurvey } from '../api/problems';

export type SurveyEnv = AppEnv & { Variables: { survey: Survey } };

/** A browser posting a plain form reads HTML; scripts and the JS page read JSON. */
export const wantsHtml = (accept: string | undefined) => (accept ?? '').includes('text/html');

/**
 * Looks up `:survey`. With `formPages`, a plain form post that reads HTML gets the not-found page
 * in the language of the URL it posted to, as the survey pages do.
 */
export function surveyParam({ formPages = false } = {}) {
  return createMiddleware<SurveyEnv>(async (c, next) => {
    const id = c.req.param('survey') ?? '';
    const survey = getSurvey(id);
    if (!survey) {
      if (formPages && wantsHtml(c.req.header('accept'))) return c.html(messagePage(localeOf(c.req.param('locale'), 'en'), 'notFoundTitle', 'notFoundBody'), 404);
      return unknownSurvey(c, id);
    }
    c.set('survey', survey);
    await next();
  });
}
