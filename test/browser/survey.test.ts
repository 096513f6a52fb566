import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './chromium';
import sv from '@/i18n/sv';
import pl from '@/i18n/pl';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}` };

async function summary(query: string) {
  const res = await fetch(`${baseUrl}/api/surveys/demo/summary?${query}`, { headers: admin });
  return res.json() as Promise<{ n: number; promoters: number; passives: number; detractors: number }>;
}

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 8)}`;

describe.skipIf(!baseUrl)('the survey page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}${path}`);
    return page;
  }

  it('works without JavaScript in Swedish: score, reason, thank-you page, follow-up for a detractor', async () => {
    const department = unique('Kundtjanst');
    const page = await open(`/sv/s/demo/?department=${department}`, false);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await expect(page.locator('h1').textContent()).resolves.toContain('rekommendera Acme');
    await page.getByLabel('3 av 10').check();
    await page.getByLabel('Vad är den främsta anledningen till ditt betyg?', { exact: false }).fill('Leveransen var sen');
    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.waitForURL(/\/sv\/s\/demo\/thanks\/\?r=/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Tack!');
    expect(await summary(`department=${department}`)).toMatchObject({ n: 1, detractors: 1 });

    // The detractor's follow-up question, as a second short form.
    const followUp = page.locator('textarea[name=followUp]');
    await expect(page.locator('label[for=follow-up]').textContent()).resolves.toBe(sv.followUpDetractor);
    await followUp.fill('Ingen ringde tillbaka');
    const thanksUrl = page.url();
    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.waitForURL(/done=1/);
    // Answered: the thank-you page no longer asks.
    await page.goto(thanksUrl);
    expect(await page.locator('textarea[name=followUp]').count()).toBe(0);
    expect(await summary(`department=${department}`)).toMatchObject({ n: 1 });
  });

  it('with JavaScript in German: the follow-up appears right after the score and the answer is sent with fetch', async () => {
    const department = unique('Vertrieb');
    const page = await open(`/de/s/demo/?department=${department}`, true);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    const promoterFollowUp = page.locator('[data-category=promoter]');
    expect(await promoterFollowUp.isVisible()).toBe(false);
    await page.getByLabel('9 von 10', { exact: false }).check();
    expect(await promoterFollowUp.isVisible()).toBe(true);
    expect(await page.locator('[data-category=detractor]').isVisible()).toBe(false);
    await promoterFollowUp.locator('textarea').fill('Schnelle Lieferung');
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.waitForURL(/\/de\/s\/demo\/thanks\/\?r=.*done=1/);
    expect(await summary(`department=${department}`)).toMatchObject({ n: 1, promoters: 1 });
  });

  it('with JavaScript in Polish: a refused answer is explained in Polish at its field, never in the API’s English', async () => {
    const page = await open('/pl/s/demo/', true);
    await page.getByLabel('8 na 10', { exact: false }).check();
    // The textarea's maxlength keeps people under the limit; past it, the server refuses.
    const reason = page.locator('#reason');
    await reason.evaluate((el) => el.removeAttribute('maxlength'));
    await reason.fill('x'.repeat(2001));
    await page.getByRole('button', { name: 'Wyślij' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toBe(pl.errorTooLong);
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('keeps the answer when the network fails and sends it on retry, once', async () => {
    const department = unique('Retry');
    const page = await open(`/s/demo/?department=${department}`, true);
    await page.getByLabel('7 out of 10').check();
    await page.locator('#reason').fill('Decent, a bit pricey');
    await page.route('**/api/surveys/**', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toContain('could not send');
    expect(await page.locator('#reason').inputValue()).toBe('Decent, a bit pricey');
    expect(await page.getByLabel('7 out of 10').isChecked()).toBe(true);
    expect((await summary(`department=${department}`)).n).toBe(0);

    await page.unroute('**/api/surveys/**');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/done=1/);
    expect(await summary(`department=${department}`)).toMatchObject({ n: 1, passives: 1 });
  });

  it('a score link from an e-mail only shows the survey with that score chosen; the POST records it', async () => {
    const department = unique('Mail');
    const invited = await fetch(`${baseUrl}/api/invitations`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ survey: 'demo', recipients: [{ email: `${department}@example.com`, locale: 'pl', segments: { department } }] }),
    });
    const { results } = (await invited.json()) as { results: { scoreUrls: string[] }[] };
    const scoreUrl = results[0]!.scoreUrls[7]!;

    // A mail scanner fetching, and even rendering, every link records nothing.
    for (const url of results[0]!.scoreUrls) expect((await fetch(url)).status).toBe(200);
    const page = await open(new URL(scoreUrl).pathname, true);
    expect(await page.getAttribute('html', 'lang')).toBe('pl');
    expect(await page.locator('input[name=score][value="7"]').isChecked()).toBe(true);
    expect((await summary(`department=${department}`)).n).toBe(0);

    await page.getByRole('button', { name: 'Wyślij' }).click();
    await page.waitForURL(/\/pl\/s\/demo\/thanks\//);
    expect(await summary(`department=${department}`)).toMatchObject({ n: 1, passives: 1 });
  });

  it('the score scale works from the keyboard', async () => {
    const page = await open('/s/demo/', true);
    await page.locator('input[name=score][value="0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('input[name=score]:checked').getAttribute('value')).toBe('2');
    expect(await page.locator('[data-category=detractor]').isVisible()).toBe(true);
  });
});
