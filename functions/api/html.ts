/** The few pages the Worker writes itself for a plain form post: what went wrong, in the respondent's language. */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isLocale, type Locale } from '@/i18n/locales';
import { DOCUMENT_END, documentStart, type DocumentOptions } from '@/layouts/document';
import { messages, type MessageKey } from '@/i18n/messages';
import { issueMessageKey } from '@/i18n/issues';
import type { Issue } from './problems';

/**
 * The few pages the Worker writes itself, for people whose browser posted a plain form:
 * what went wrong, in their language, with their answer kept for another try.
 */
type Body = HtmlEscapedString | Promise<HtmlEscapedString> | string;

/** A whole page with the one document chrome of layouts/document.ts; the body is escaped by the caller's html``. */
export function page(options: DocumentOptions & { body: Body }) {
  return html`${raw(documentStart(options))}${options.body}${raw(DOCUMENT_END)}`;
}

export function respondentPage(locale: string, title: string, body: Body) {
  const lang: Locale = isLocale(locale) ? locale : 'en';
  return page({ lang, title, stylesheet: '/survey.css', body: html`<main class="card"><h1>${title}</h1>${body}</main>` });
}

export function localeOf(value: unknown, fallback: string): Locale {
  return isLocale(value) ? value : isLocale(fallback) ? fallback : 'en';
}

/**
 * 400 for a plain form: each problem in the respondent's words (from its code, never the API's
 * English message), beside the question it concerns, and the way back.
 */
export function invalidFormPage(locale: Locale, issues: Issue[], backTo: string, questionAt: (path: string) => string | undefined = () => undefined) {
  const t = messages(locale);
  const lines = new Map<string, { question?: string; text: string }>();
  for (const issue of issues) {
    const question = questionAt(issue.path);
    const text = t(issueMessageKey(issue.code, question ? 'question' : 'form'));
    lines.set(`${question ?? ''}\n${text}`, { question, text });
  }
  return respondentPage(
    locale,
    t('invalidTitle'),
    html`<ul class="issues">${[...lines.values()].map((l) => html`<li>${l.question ? html`<strong>${l.question}</strong><br>` : ''}${l.text}</li>`)}</ul>
<p><a href="${backTo}">${t('back')}</a></p>`,
  );
}

/** 503 for a plain form: the answer goes back into hidden fields, one press sends it again. */
export function retryFormPage(locale: Locale, action: string, fields: [string, string][]) {
  const t = messages(locale);
  return respondentPage(
    locale,
    t('retryTitle'),
    html`<p role="alert">${t('serverBusy')}</p>
<form method="post" action="${action}">
${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit">${t('submit')}</button>
</form>`,
  );
}

export function messagePage(locale: Locale, titleKey: MessageKey, bodyKey: MessageKey, values: Record<string, string> = {}) {
  const t = messages(locale);
  return respondentPage(locale, t(titleKey, values), html`<p>${t(bodyKey, values)}</p>`);
}

