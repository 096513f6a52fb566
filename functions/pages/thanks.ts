/** Loader of the thank-you page (/s/<survey>/thanks/): the survey, the locale, and the follow-up to ask, if any. */
import { isLocale } from '@/i18n/locales';
import { TOKEN_PATTERN } from '@/schemas/response';
import type { ThanksProps } from '@/components/thanks';
import { isAmendable } from '../collect/amend';
import { findResponse } from '../db/responses';
import { localeOf } from '../api/html';
import { getSurvey } from '../surveys/catalog';
import { respondentNotFound, respondentUnavailable } from './reply';

/** Read in the page's frontmatter (before Astro starts streaming), so a storage failure is a clean 503. */
export async function loadThanks(db: D1Database, surveyId: string, locale: string | undefined, url: URL): Promise<ThanksProps | Response> {
  const survey = getSurvey(surveyId);
  const pageLocale = locale ?? survey?.locale;
  if (!survey || !isLocale(pageLocale) || !survey.locales.includes(pageLocale)) return respondentNotFound(localeOf(locale, survey?.locale ?? 'en'));
  const id = url.searchParams.get('r') ?? '';
  const done = url.searchParams.has('done');
  try {
    const response = !done && TOKEN_PATTERN.test(id) ? await findResponse(db, survey.id, id) : null;
    // The follow-up only adds what is missing, within a day of the answer (functions/collect/amend.ts).
    const askFollowUp = response !== null && response.follow_up === null && isAmendable(response, Date.now());
    return { survey, locale: pageLocale, done, followUp: askFollowUp ? { responseId: response.id, category: response.category } : null };
  } catch (error) {
    return respondentUnavailable(error, pageLocale);
  }
}
