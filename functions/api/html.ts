import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isLocale, type Locale } from '../../src/i18n/locales';
import { messages, type MessageKey } from '../../src/i18n/messages';
import type { Issue } from './problems';

/**
 * The few pages the Worker writes itself, for people whose browser posted a plain form:
 * what went wrong, in their language, with their answer kept for another try.
 */
type Body = HtmlEscapedString | Promise<HtmlEscapedString> | string;

/** A whole page with the site's head: no fonts, no script, one stylesheet. */
export function page(options: { lang: string; title: string; stylesheet: string; body: Body }) {
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>${options.title}</title>
<link rel="stylesheet" href="${options.stylesheet}">
</head>
<body>${options.body}</body>
</html>`;
}

export function respondentPage(locale: string, title: string, body: Body) {
  const lang: Locale = isLocale(locale) ? locale : 'en';
  return page({ lang, title, stylesheet: '/survey.css', body: html`<main class="card"><h1>${title}</h1>${body}</main>` });
}

export function localeOf(value: unknown, fallback: string): Locale {
  return isLocale(value) ? value : isLocale(fallback) ? fallback : 'en';
}

/** 400 for a plain form: the fields that need attention, and the way back. */
export function invalidFormPage(locale: Locale, issues: Issue[], backTo: string) {
  const t = messages(locale);
  const scoreMissing = issues.some((i) => i.path === 'score');
  return respondentPage(
    locale,
    t('invalidTitle'),
    html`${scoreMissing ? html`<p>${t('chooseScore')}</p>` : ''}
<ul>${issues.map((i) => html`<li><code>${i.path}</code> ${i.message}</li>`)}</ul>
<p><a href="${backTo}">${t('back')}</a></p>`,
  );
}

/** 503 for a plain form: the answer goes back into hidden fields, one press sends it again. */
export function retryFormPage(locale: Locale, action: string, fields: [string, string][]) {
  const t = messages(locale);
  return respondentPage(
    locale,
    t('invalidTitle'),
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

