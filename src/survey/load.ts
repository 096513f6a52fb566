import { env } from 'cloudflare:workers';
import { isLocale, type Locale } from '../i18n/locales';
import { TOKEN_PATTERN } from '../schemas/response';
import type { Survey } from '../schemas/survey';
import { findResponse, type StoredResponse } from '../../functions/db/responses';
import { findInvitation } from '../../functions/db/invitations';
import { getSurvey } from '../../functions/surveys/catalog';
import { localeOf, messagePage } from '../../functions/api/html';

/**
 * Data for the on-demand respondent pages, read in the page's frontmatter (before Astro
 * starts streaming) so a storage failure becomes a clean 503 instead of a cut-off page.
 */
/** A short plain-text answer for the cases a page cannot render (404, 400, 503). */
export function plainText(status: number, message: string, headers: Record<string, string> = {}) {
  return new Response(message, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export function storageUnavailable(error: unknown) {
  console.error('page could not read storage', error);
  return plainText(503, 'Temporarily unavailable, please retry in a moment.', { 'Retry-After': '5' });
}

/** The same failures on a respondent's page: a short page in their language. */
async function respondentMessage(status: 404 | 503, locale: Locale, headers: Record<string, string> = {}) {
  const page = status === 404 ? messagePage(locale, 'notFoundTitle', 'notFoundBody') : messagePage(locale, 'retryTitle', 'pageBusy');
  return new Response(String(await page), { status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
}

const notFound = (locale: Locale) => respondentMessage(404, locale);

function unavailable(error: unknown, locale: Locale) {
  console.error('respondent page could not read storage', error);
  return respondentMessage(503, locale, { 'Retry-After': '5' });
}

export interface ThanksData {
  survey: Survey;
  locale: Locale;
  done: boolean;
  response: StoredResponse | null;
}

export async function loadThanks(surveyId: string, locale: string | undefined, url: URL): Promise<ThanksData | Response> {
  const survey = getSurvey(surveyId);
  const pageLocale = locale ?? survey?.locale;
  if (!survey || !isLocale(pageLocale) || !survey.locales.includes(pageLocale)) return notFound(localeOf(locale, survey?.locale ?? 'en'));
  const id = url.searchParams.get('r') ?? '';
  const done = url.searchParams.has('done');
  try {
    const response = !done && TOKEN_PATTERN.test(id) ? await findResponse(env.DB, survey.id, id) : null;
    return { survey, locale: pageLocale, done, response };
  } catch (error) {
    return unavailable(error, pageLocale);
  }
}

export interface InvitationData {
  survey: Survey | undefined;
  locale: Locale;
  token: string;
  selected: number | undefined;
}

export async function loadInvitation(token: string, score: string): Promise<InvitationData | Response> {
  if (!TOKEN_PATTERN.test(token) || !/^(\d|10)?$/.test(score)) return notFound('en');
  try {
    const invitation = await findInvitation(env.DB, token);
    const survey = invitation ? getSurvey(invitation.survey) : undefined;
    const locale = invitation && isLocale(invitation.locale) ? invitation.locale : (survey?.locale ?? 'en');
    return { survey, locale, token, selected: score === '' ? undefined : Number(score) };
  } catch (error) {
    // The invitation, which knows the respondent's language, is what could not be read.
    return unavailable(error, 'en');
  }
}
