/** axe-core (WCAG 2.2 A and AA rules) on every results page and the login page, on a phone and a desktop. */
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCREENS = [
  ['phone', 360, 740],
  ['desktop', 1280, 900],
] as const;
const PAGES = [
  ['the overview', '/results/'],
  ['a survey report', '/results/demo/'],
  ['a department', '/results/demo/?department=Access'],
  ['a function', '/results/demo/?department=Access&function=Desk'],
  ['the comments', '/results/demo/comments'],
  ['the loyalty report', '/results/loyalty?survey=demo'],
  ['the not-contacted list', '/results/not-contacted'],
  ['the follow-ups', '/results/follow-ups'],
  ['the alert deliveries', '/results/alerts'],
  ['the outbox', '/results/outbox'],
  ['the waves', '/results/demo/waves'],
] as const;

async function api(path: string, init: RequestInit) {
  const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...admin, ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** Runs axe in the page (evaluated through the DevTools protocol, so the site's CSP allows it) and lists what fails. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

describe.skipIf(!baseUrl)('accessibility (axe, WCAG 2.2 AA)', () => {
  let browser: Browser;
  let signedIn: BrowserContext;

  beforeAll(async () => {
    // Two people in each of two functions, enough answers each to pass the privacy floor, so
    // the department and function views draw their charts with drill-down links.
    for (let i = 0; i < 24; i++) {
      const [fn, person] = [['Desk', 'Noor'], ['Desk', 'Sam'], ['Field', 'Kim'], ['Field', 'Lou']][i % 4]!;
      await api('/api/surveys/demo/responses', {
        method: 'POST',
        headers: { 'cf-connecting-ip': `198.51.100.${i}` },
        body: JSON.stringify({ score: (i * 7) % 11, reason: `Reason ${i}`, segments: { department: 'Access', function: fn, person } }),
      });
    }
    // A customer who answered through an invitation and was never called: a row on the not-contacted list.
    const invited = await fetch(`${baseUrl}/api/invitations`, { method: 'POST', headers: admin, body: JSON.stringify({ survey: 'demo', recipients: [{ externalId: 'axe-1', name: 'Noor' }] }) });
    const [invitation] = ((await invited.json()) as { results: { id: string }[] }).results;
    await api('/api/surveys/demo/responses', { method: 'POST', body: JSON.stringify({ score: 4, invitation: invitation!.id }) });
    await api('/api/admin/regenerate', { method: 'POST', body: '{}' });
    // A mail in the outbox, so its table is checked too.
    await api('/api/invitations', { method: 'POST', body: JSON.stringify({ survey: 'demo', send: true, recipients: [{ email: 'axe@example.com' }] }) });
    // A wave, so the waves page draws its table (no Cron run here: it stays at its start).
    await fetch(`${baseUrl}/api/surveys/demo/waves`, { method: 'POST', headers: admin });
    browser = await launch();
    signedIn = await browser.newContext();
    const res = await signedIn.request.post(`${baseUrl}/login`, { form: { token: adminToken, next: '/results/' }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('on a phone, Tab reaches a chart that is wider than the screen and the arrow keys scroll it', async () => {
    const page = await signedIn.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${baseUrl}/results/demo/`);
    const chart = page.getByRole('region', { name: 'Answers by score' });
    expect(await chart.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
    for (let presses = 0; presses < 40 && !(await chart.evaluate((box) => box === document.activeElement)); presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await chart.evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => chart.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);
    await page.close();
  });

  describe.each(SCREENS)('on a %s', (_screen, width, height) => {
    it.each(PAGES)('%s has no violations', async (_name, path) => {
      const page = await signedIn.newPage();
      await page.setViewportSize({ width, height });
      const res = await page.goto(`${baseUrl}${path}`);
      expect(res!.status()).toBe(200);
      expect(page.url()).toBe(`${baseUrl}${path}`);
      // The drill-down charts are there to be checked, not an empty state.
      if (path.includes('department')) expect(await page.locator('#children-chart-title').count()).toBe(1);
      // The tables folded in <details> are checked open, as a reader would see them.
      await page.locator('details').evaluateAll((folds) => folds.forEach((fold) => ((fold as HTMLDetailsElement).open = true)));
      expect(await violations(page)).toEqual([]);
      await page.close();
    });

    it('the login page has no violations', async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/login?next=%2Fresults%2F`);
      expect(await page.getByLabel('Admin token').count()).toBe(1);
      expect(await violations(page)).toEqual([]);
      await context.close();
    });
  });
});
