import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}` };
const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">"quoted" & more';

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...admin, 'content-type': 'application/json', ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

const PEOPLE = [
  ['Support', 'Tier 1', 'Eva'],
  ['Support', 'Tier 1', 'Ali'],
  ['Support', 'Tier 2', 'Mia'],
  ['Delivery', 'Transport', 'Piotr'],
];

describe.skipIf(!baseUrl)('the results site in Chromium', () => {
  let browser: Browser;
  let signedIn: BrowserContext;

  beforeAll(async () => {
    for (let i = 0; i < 48; i++) {
      const [department, fn, person] = PEOPLE[i % PEOPLE.length]!;
      await api('/api/surveys/demo/responses', {
        method: 'POST',
        headers: { 'cf-connecting-ip': `192.0.2.${i}` },
        body: JSON.stringify({ score: (i * 5) % 11, reason: i === 7 ? XSS : i % 16 === 3 ? `Parcel ${i} arrived late` : `Comment ${i}`, segments: { department, function: fn, person } }),
      });
    }
    await api('/api/admin/regenerate', { method: 'POST', body: '{}' });
    browser = await launch();
    signedIn = await browser.newContext();
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/results/demo/`);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows nothing but the login form to a visitor without credentials', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${baseUrl}/results/demo/?period=90`);
    expect(page.url()).toContain('/login?next=%2Fresults%2Fdemo%2F%3Fperiod%3D90');
    expect(res!.status()).toBe(200);
    expect(await page.locator('[data-nps]').count()).toBe(0);
    await context.close();
  });

  it.each([
    ['the company', ''],
    ['a department', 'department=Support'],
    ['a function', 'department=Support&function=Tier%201'],
  ])('shows the same NPS and n as the summary API for %s', async (_name, query) => {
    const summary = (await api(`/api/surveys/demo/summary?${query}`)) as { n: number; nps: number };
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/?${query}`);
    const headline = page.locator('#headline ~ p.big');
    expect(await headline.getAttribute('data-nps')).toBe(formatNps(summary.nps));
    expect(Number(await page.locator('#headline ~ p [data-n]').getAttribute('data-n'))).toBe(summary.n);
    await page.close();
  });

  it('the drill-down links lead from department to function to person', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/`);
    await page.locator('tr[data-segment="Support"] a').click();
    await page.locator('tr[data-segment="Tier 1"] a').click();
    expect(page.url()).toContain('department=Support&function=Tier+1');
    // Eva and Ali have 12 answers each: above the privacy floor of 5.
    expect(await page.locator('tr[data-segment="Eva"] td.num').first().textContent()).toMatch(/^[−+]?\d+$/);
    await page.close();
  });

  it('a drill-down shows its own goal: the line on the trend, the gap in words, and goal and gap in the table above', async () => {
    // demo.yaml: targets { "": 40, "Support": 45, "Support/Tier 1": 50 }.
    const summary = (await api('/api/surveys/demo/summary?department=Support&function=Tier%201')) as { nps: number };
    const gap = Math.round(summary.nps) - 50;
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/?department=Support&function=Tier%201`);
    const goal = page.locator('p[data-goal]');
    expect(await goal.getAttribute('data-goal')).toBe('50');
    expect(await goal.textContent()).toBe(
      gap === 0 ? 'On the goal of +50' : `${Math.abs(gap)} point${Math.abs(gap) === 1 ? '' : 's'} ${gap < 0 ? 'below' : 'above'} the goal of +50`,
    );
    const trend = page.locator('svg', { has: page.locator('#trend-chart-title') });
    expect(await trend.locator('text', { hasText: /^Goal / }).allTextContents()).toEqual(['Goal +50']);
    await page.goto(`${baseUrl}/results/demo/?department=Support`);
    expect(await page.locator('p[data-goal]').getAttribute('data-goal')).toBe('45');
    expect(await page.locator('tr[data-segment="Tier 1"] td[data-goal]').textContent()).toBe('+50');
    expect(await page.locator('tr[data-segment="Tier 1"] td[data-gap]').textContent()).toBe(formatNps(gap));
    expect(await page.locator('tr[data-segment="Tier 2"] td[data-goal]').textContent()).toBe('');
    await page.close();
  });

  it('reads an absurd custom period within the data, with at most 120 trend points', async () => {
    const page = await signedIn.newPage();
    const res = await page.goto(`${baseUrl}/results/demo/?from=0001-01-01&to=9999-12-31`);
    expect(res!.status()).toBe(200);
    const { n } = (await api('/api/surveys/demo/summary')) as { n: number };
    expect(Number(await page.locator('#headline ~ p [data-n]').getAttribute('data-n'))).toBe(n);
    const points = await page.locator('section[aria-labelledby="trend"] tbody tr').count();
    expect(points).toBeGreaterThan(0);
    expect(points).toBeLessThanOrEqual(120);
    await page.close();
  });

  it('groups comments by theme and links to them', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/?department=Delivery`);
    const delivery = page.locator('tr[data-theme="delivery"]');
    // Answers 3, 19 and 35 mention a late parcel, all from the Delivery department.
    expect(await delivery.locator('td.num').first().textContent()).toBe('3');
    await delivery.locator('a').click();
    await page.waitForURL(/comments\?.*theme=delivery/);
    const texts = await page.locator('article.comment p:nth-child(2)').allTextContents();
    expect(texts.sort()).toEqual(['Parcel 19 arrived late', 'Parcel 35 arrived late', 'Parcel 3 arrived late'].sort());
    await page.close();
  });

  it('searches comments with what people type and downloads the answers that match, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true, storageState: await signedIn.storageState() });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/results/demo/comments`);
    // Capitals, a stray quote and a star are not search syntax: the three words must occur.
    await page.getByLabel('Text').fill('ARRIVED late* "parcel');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/comments\?.*q=ARRIVED/);
    const texts = await page.locator('article.comment p:nth-child(2)').allTextContents();
    expect(texts.sort()).toEqual(['Parcel 19 arrived late', 'Parcel 35 arrived late', 'Parcel 3 arrived late'].sort());
    await page.getByRole('link', { name: 'Download the answers that match' }).click();
    await page.waitForURL(/\/results\/demo\/export\?/);
    expect(await page.locator('[data-total]').getAttribute('data-total')).toBe('3');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 3);
    expect(csv).toContain('Parcel 35 arrived late');
    await context.close();
  });

  it('keeps a custom from–to period when the comments are filtered by category', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.storageState() });
    const page = await context.newPage();
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${baseUrl}/results/demo/comments?from=2001-01-01&to=${today}&department=Support`);
    const all = await page.locator('article.comment').count();
    expect(all).toBeGreaterThan(0);
    await page.getByLabel('Category').selectOption('detractor');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/comments\?.*category=detractor/);
    const query = new URL(page.url()).searchParams;
    expect([query.get('from'), query.get('to'), query.get('department'), query.get('period')]).toEqual(['2001-01-01', today, 'Support', null]);
    // The period picker shows the custom range as chosen, and the list holds Support's detractors only.
    expect(await page.getByLabel('From').inputValue()).toBe('2001-01-01');
    const shown = page.locator('article.comment');
    expect(await shown.count()).toBeGreaterThan(0);
    expect(await shown.count()).toBeLessThan(all);
    for (const text of await shown.locator('p:first-child').allTextContents()) expect(text).toMatch(/detractor · .* · Support/);
    await context.close();
  });

  it('renders a script in a comment as inert text', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/comments?q=quoted`);
    const comment = page.locator('article.comment').first();
    expect(await comment.locator('p').nth(1).textContent()).toBe(XSS);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('article.comment script, article.comment img').count()).toBe(0);
    await page.close();
  });

  it.each([
    ['phone', 360, 780],
    ['desktop', 1280, 900],
  ])('the overview and a survey report fit a %s screen (screenshots in test-results/)', async (name, width, height) => {
    const page = await signedIn.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${baseUrl}/results/`);
    const { n } = (await api('/api/surveys/demo/summary')) as { n: number };
    expect(Number(await page.locator('tr[data-survey="demo"] [data-n]').getAttribute('data-n'))).toBe(n);
    // No sideways scrolling: the widest element fits the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    mkdirSync('test-results', { recursive: true });
    const shot = await page.screenshot({ path: `test-results/results-overview-${name}.png`, fullPage: true });
    expect(shot.byteLength).toBeGreaterThan(5_000);
    // The survey report too: wide charts scroll inside their card, the page does not.
    await page.goto(`${baseUrl}/results/demo/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/results-survey-${name}.png`, fullPage: true });
    await page.close();
  });

  // Last: it adds an answer after the rollup the other tests compare with.
  it('shows a comment by its public ref, never by its response id (the respondent\'s key to amend it)', async () => {
    const { id } = (await api('/api/surveys/demo/responses', {
      method: 'POST',
      headers: { 'cf-connecting-ip': '192.0.2.250' },
      body: JSON.stringify({ score: 4, reason: 'Reference check', segments: { department: 'Refs' } }),
    })) as { id: string };
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/demo/comments?department=Refs`);
    const comment = page.locator('article.comment');
    expect(await comment.count()).toBe(1);
    expect(await comment.getAttribute('data-comment')).toMatch(/^[0-9a-f]{16}$/);
    expect(await comment.textContent()).toContain(`ref ${await comment.getAttribute('data-comment')}`);
    expect(await page.content()).not.toContain(id);
    await page.close();
  });
});

/** The page's rounding of an NPS: signed integer, U+2212 minus, 0 unsigned. */
function formatNps(value: number) {
  const whole = Math.round(value);
  return whole === 0 ? '0' : whole > 0 ? `+${whole}` : `−${-whole}`;
}
