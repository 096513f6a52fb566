/** What a page's loader answers when it cannot render: short plain text on the results site, a page in the respondent's language on theirs. */
import type { Locale } from '@/i18n/locales';
import { messagePage } from '../api/html';

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

export const respondentNotFound = (locale: Locale) => respondentMessage(404, locale);

export function respondentUnavailable(error: unknown, locale: Locale) {
  console.error('respondent page could not read storage', error);
  return respondentMessage(503, locale, { 'Retry-After': '5' });
}
