import { afterEach, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { LOCALES, type Locale } from '@/i18n/locales';
import { messages } from '@/i18n/messages';
import { loadThanks } from '../../functions/pages/thanks';
import { admin, postForm, postJson, request } from '../support/api';
import { brokenDatabase } from '../support/broken-d1';
import { englishOn } from '../support/english';

// The pages the Worker writes itself for a browser that posted a plain form (invalid answer,
// storage busy, survey closed, too many answers) and the unsubscribe pages, in every locale:
// in the respondent's language, with no English UI text and none of the API's English messages.

const html = { accept: 'text/html' };
const pagePath = (survey: string, locale: Locale) => (locale === 'en' ? `/s/${survey}/` : `/${locale}/s/${survey}/`);
const heading = (page: string) => /<h1>(.*?)<\/h1>/s.exec(page)?.[1];

function expectRespondentPage(page: string, locale: Locale, title: string) {
  expect(page).toContain(`<html lang="${locale}">`);
  expect(heading(page)).toBe(title);
  expect(englishOn(page, locale)).toEqual([]);
}

describe.each(LOCALES)('respondent pages written by the Worker, in %s', (locale) => {
  const t = messages(locale);

  it('invalid answer: each problem in the respondent’s words beside its question, never the API’s English', async () => {
    const answer = { reason: 'x'.repeat(2001), 'answers.value': 'vibes' };
    const res = await postForm(pagePath('demo', locale), answer, html);
    expect(res.status).toBe(400);
    const page = await res.text();
    expectRespondentPage(page, locale, t('invalidTitle'));
    expect(page).toContain(`<li>${t('chooseScore')}</li>`);
    expect(page).toContain(`<li><strong>${t('reasonQuestion')}</strong><br>${t('errorTooLong')}</li>`);
    expect(page).toContain(`${t('errorAnswer')}</li>`);
    // The same answer sent as JSON: its English messages must not reach the page.
    const api = await postJson('/api/surveys/demo/responses', { reason: answer.reason, answers: { value: 'vibes' }, locale });
    const { issues } = await api.json<{ issues: { message: string }[] }>();
    expect(issues.length).toBeGreaterThanOrEqual(3);
    for (const { message } of issues) expect(page).not.toContain(message);
  });

  it('storage busy: its own heading, the answer kept for one more press', async () => {
    const res = await postForm(pagePath('demo', locale), { score: '6', reason: '–' }, html, { DB: brokenDatabase() });
    expect(res.status).toBe(503);
    const page = await res.text();
    expectRespondentPage(page, locale, t('retryTitle'));
    expect(t('retryTitle')).not.toBe(t('invalidTitle'));
    expect(page).toContain(t('serverBusy'));
    expect(page).toContain(`<button type="submit">${t('submit')}</button>`);
  });

  it('closed survey: in the language of the page, or of the form, that posted', async () => {
    const fromPage = await postForm(pagePath('onboarding-2025', locale), { score: '5' }, html);
    expect(fromPage.status).toBe(410);
    const page = await fromPage.text();
    expectRespondentPage(page, locale, t('closedTitle'));
    expect(page).toContain(t('closedBody'));
    // An invitation page posts to the API with the locale in the form.
    const fromForm = await postForm('/api/surveys/onboarding-2025/responses', { score: '5', locale }, html);
    expect(fromForm.status).toBe(410);
    expectRespondentPage(await fromForm.text(), locale, t('closedTitle'));
  });

  it('too many answers from one address: a page that says to wait, not English JSON', async () => {
    const from = { 'cf-connecting-ip': `203.0.113.${100 + LOCALES.indexOf(locale)}` };
    // The limit counts in fixed windows (20 a minute): answer until the limit holds, so a window
    // that turns over mid-loop cannot let the form post through.
    for (let i = 0; i < 60; i++) if ((await postJson('/api/surveys/support/responses', { score: 8 }, from)).status === 429) break;
    const res = await postForm('/api/surveys/support/responses', { score: '8', locale }, { ...html, ...from });
    expect(res.status).toBe(429);
    const page = await res.text();
    expectRespondentPage(page, locale, t('tooManyTitle'));
    expect(page).toContain(t('tooManyBody'));
  });

  it('unsubscribe: the question, then the confirmation', async () => {
    const invited = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: `words-${locale}-${crypto.randomUUID()}`, locale }] }, admin);
    const token = (await invited.json<{ results: { id: string }[] }>()).results[0]!.id;
    const ask = await request(`/u/${token}/`);
    const askPage = await ask.text();
    expectRespondentPage(askPage, locale, t('unsubscribeTitle'));
    expect(askPage).toContain(t('unsubscribeBody', { company: 'Acme' }));
    expect(askPage).toContain(`<button type="submit">${t('unsubscribeButton')}</button>`);
    const done = await request(`/u/${token}/`, { method: 'POST' });
    expect(done.status).toBe(200);
    const donePage = await done.text();
    expectRespondentPage(donePage, locale, t('unsubscribeTitle'));
    expect(donePage).toContain(t('unsubscribedBody', { company: 'Acme' }));
  });
});

describe('the thank-you page when it cannot be shown', () => {
  const database = env.DB;
  afterEach(() => {
    env.DB = database;
  });

  it('storage down: a 503 page in the respondent’s language, not English plain text', async () => {
    env.DB = brokenDatabase();
    const res = await loadThanks(env.DB, 'demo', 'fi', new URL('https://nps.example/fi/s/demo/thanks/?r=AAAAAAAAAAAAAAAAAAAAAA'));
    expect(res).toBeInstanceOf(Response);
    const page = await (res as Response).text();
    expect((res as Response).status).toBe(503);
    expectRespondentPage(page, 'fi', messages('fi')('retryTitle'));
    expect(page).toContain(messages('fi')('pageBusy'));
  });

  it('a locale the survey is not offered in: a 404 page in that language', async () => {
    const res = (await loadThanks(env.DB, 'support', 'pl', new URL('https://nps.example/pl/s/support/thanks/'))) as Response;
    expect(res.status).toBe(404);
    expectRespondentPage(await res.text(), 'pl', messages('pl')('notFoundTitle'));
  });
});
