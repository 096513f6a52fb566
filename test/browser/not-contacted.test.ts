import { readFile } from 'node:fs/promises';
import { csvParse } from 'd3-dsv';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
const run = crypto.randomUUID().slice(0, 8);
const XSS = '<img src=x onerror="window.__xss = 1">';

async function api<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { ...admin, ...headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Customers invited to demo who answered through their invitation: a detractor, a promoter, and a passive the CRM has called. */
const CUSTOMERS = [
  { externalId: `nc-det-${run}`, name: XSS, score: 2 },
  { externalId: `nc-pro-${run}`, name: 'Pia', score: 10 },
  { externalId: `nc-called-${run}`, name: 'Cal', score: 8 },
];

describe.skipIf(!baseUrl)('the not-contacted list in Chromium', () => {
  let browser: Browser;
  let signedIn: BrowserContext;

  beforeAll(async () => {
    const { results } = await api<{ results: { id: string }[] }>('/api/invitations', {
      survey: 'demo',
      recipients: CUSTOMERS.map(({ externalId, name }) => ({ externalId, name })),
    });
    for (const [i, { id }] of results.entries()) {
      await api('/api/surveys/demo/responses', { score: CUSTOMERS[i]!.score, invitation: id }, { 'cf-connecting-ip': `203.0.113.${i + 10}` });
    }
    await api('/api/contacts/touches', { touches: [{ contact: CUSTOMERS[2]!.externalId, channel: 'call' }] });
    browser = await launch();
    signedIn = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    const res = await signedIn.request.post(`${baseUrl}/login`, { form: { token: adminToken, next: '/results/' }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is linked from the overview and lists the customers not called, riskiest first, names as text, without JavaScript', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/`);
    await page.getByRole('link', { name: 'Customers not contacted for 90 days' }).click();
    await page.waitForURL(`${baseUrl}/results/not-contacted`);
    const ours = (await page.locator('tr[data-contact]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-contact')))).filter((c) => c!.endsWith(run));
    expect(ours).toEqual([CUSTOMERS[0]!.externalId, CUSTOMERS[1]!.externalId]);
    const detractor = page.locator(`tr[data-contact="${CUSTOMERS[0]!.externalId}"] td`);
    expect(await detractor.allTextContents()).toEqual([CUSTOMERS[0]!.externalId, XSS, 'never', '2', 'detractor', 'demo', new Date().toISOString().slice(0, 10)]);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    await page.close();
  });

  it('filters by days and survey with a plain form, and downloads the same list as CSV', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/not-contacted`);
    await page.getByLabel('Days without contact').fill('30');
    await page.getByLabel('Survey').selectOption('support');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/not-contacted\?days=30&survey=support/);
    expect(await page.locator('h1').textContent()).toBe('Not contacted for 30 days');
    expect(await page.locator(`tr[data-contact$="${run}"]`).count()).toBe(0);
    await page.getByLabel('Survey').selectOption('demo');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/not-contacted\?days=30&survey=demo/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the list (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^not-contacted-30-days-demo-/);
    const rows = csvParse(await readFile((await download.path())!, 'utf8'));
    expect(rows.filter((row) => row.contact!.endsWith(run)).map((row) => [row.contact, row.name, row.category])).toEqual([
      [CUSTOMERS[0]!.externalId, XSS, 'detractor'],
      [CUSTOMERS[1]!.externalId, 'Pia', 'promoter'],
    ]);
    await page.close();
  });
});
