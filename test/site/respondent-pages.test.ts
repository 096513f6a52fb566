import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { isLocale, LOCALES, type Locale } from '@/i18n/locales';
import { messages } from '@/i18n/messages';
import { englishOn, expectedScaleLabels, scaleLabels } from '../support/english';

// Every page a respondent can reach, in each of the seven locales, from the built site: the
// prerendered survey pages in dist/client (open and closed), and the pages the Worker renders on
// demand (invitation, thank-you with its follow-up question, thank-you after it). None may show
// English UI text in another locale; the scale's screen-reader labels must read as words.

const baseUrl = inject('baseUrl');
const adminToken = inject('adminToken');
const CLIENT = fileURLToPath(new URL('../../dist/client/', import.meta.url));

const pagePath = (survey: string, locale: Locale) => (locale === 'en' ? `/s/${survey}/` : `/${locale}/s/${survey}/`);
const heading = (page: string) => /<h1>(.*?)<\/h1>/s.exec(page)?.[1]?.trim();
const langOf = (page: string) => /<html lang="([^"]+)"/.exec(page)?.[1];

function expectInLocale(page: string, locale: Locale) {
  expect(langOf(page)).toBe(locale);
  expect(englishOn(page, locale)).toEqual([]);
}

function expectScale(page: string, locale: Locale) {
  const labels = scaleLabels(page);
  expect(labels).toEqual(expectedScaleLabels(locale));
  // Screen readers read "7/10" as "seven slash ten": each label says the score in words.
  for (const label of labels) expect(label).not.toMatch(/\//);
}

/** Every prerendered survey page: dist/client/s/<survey>/ and dist/client/<locale>/s/<survey>/. */
function prerenderedSurveyPages() {
  return readdirSync(CLIENT, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)s\/[^/]+\/index\.html$/.test(file))
    .map((file) => ({ file, page: readFileSync(`${CLIENT}${file}`, 'utf8') }));
}

describe('prerendered survey pages (dist/client)', () => {
  const pages = prerenderedSurveyPages();

  it('the open demo survey and the closed one are there in all seven locales', () => {
    for (const survey of ['demo', 'onboarding-2025']) {
      const locales = pages.filter((p) => p.file.includes(`s/${survey}/`)).map((p) => langOf(p.page));
      expect(locales.sort()).toEqual([...LOCALES].sort());
    }
  });

  it.each(pages.map((p) => [p.file, p.page]))('%s: no English in another locale; the scale read as words', (file, page) => {
    const locale = langOf(page);
    if (!isLocale(locale)) throw new Error(`${file}: no known lang`);
    expectInLocale(page, locale);
    if (file.includes('onboarding-2025')) expect(heading(page)).toBe(messages(locale)('closedTitle'));
    else expectScale(page, locale);
  });
});

async function invite(locale: Locale) {
  const res = await fetch(`${baseUrl}/api/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ survey: 'demo', recipients: [{ externalId: `words-${locale}-${crypto.randomUUID()}`, locale }] }),
  });
  return ((await res.json()) as { results: { scoreUrls: string[] }[] }).results[0]!;
}

describe.each(LOCALES)('pages rendered on demand, in %s', (locale) => {
  const t = messages(locale);

  it('the invitation page with a score chosen', async () => {
    const { scoreUrls } = await invite(locale);
    const page = await (await fetch(`${baseUrl}${new URL(scoreUrls[4]!).pathname}`)).text();
    expectInLocale(page, locale);
    expectScale(page, locale);
    expect(page).toMatch(/name="score" value="4" required checked/);
  });

  it('the thank-you page with its follow-up question, then the thank-you page after it', async () => {
    const posted = await fetch(`${baseUrl}${pagePath('demo', locale)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ score: '3' }),
    });
    expect(posted.status).toBe(303);
    const thanks = new URL(posted.headers.get('location')!, baseUrl);
    const followUp = await (await fetch(thanks)).text();
    expectInLocale(followUp, locale);
    expect(heading(followUp)).toBe(t('thanksTitle'));
    expect(followUp).toContain(t('followUpDetractor'));

    const done = await (await fetch(`${thanks}&done=1`)).text();
    expectInLocale(done, locale);
    expect(done).toContain(t('doneBody'));
  });
});
