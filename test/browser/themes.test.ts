import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const admin = { authorization: `Bearer ${inject('adminToken')}` };

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...admin, 'content-type': 'application/json', ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

// Comments of a department of its own, so the other browser tests' figures stay as they are.
const COMMENTS: [number, string][] = [
  [1, 'The parcel arrived late'],
  [2, 'Late delivery, and nobody answered'],
  [3, 'Shipping took two weeks'],
  [0, 'The invoice was wrong'],
  [4, 'Too expensive for what it is'],
  [5, 'The app is confusing'],
  [6, 'Support never called back'],
  [7, 'Price is fine'],
  [8, 'Good quality'],
  [9, 'Friendly staff'],
  [10, 'Great value for the price'],
  [10, 'Fast delivery'],
];

type Themes = { n: number; themes: { theme: string; label: string; pointsAtStake: number }[] };

describe.skipIf(!baseUrl)('theme impact on the survey page in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  const query = 'department=Insight';

  beforeAll(async () => {
    for (const [i, [score, reason]] of [...COMMENTS, ...COMMENTS.slice(0, 6)].entries()) {
      await api('/api/surveys/demo/responses', {
        method: 'POST',
        headers: { 'cf-connecting-ip': `198.18.0.${i}` },
        body: JSON.stringify({ score, reason, segments: { department: 'Insight', function: 'Research' } }),
      });
    }
    await api('/api/admin/regenerate', { method: 'POST', body: '{}' });
    browser = await launch();
    context = await browser.newContext({ extraHTTPHeaders: admin, viewport: { width: 1100, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('ranks the themes as the API does, as a chart with interval whiskers and a table (screenshot in test-results/)', async () => {
    const expected = (await api(`/api/surveys/demo/themes?${query}`)) as Themes;
    expect(expected.themes.length).toBeGreaterThanOrEqual(4);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/results/demo/?${query}`);
    const card = page.locator('section[aria-labelledby="themes"]');
    const rows = card.locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-theme')))).toEqual(expected.themes.map((t) => t.theme));
    const shown = await card.locator('td[data-points-at-stake]').allTextContents();
    expect(shown).toEqual(expected.themes.map((t) => t.pointsAtStake.toFixed(1)));
    const chart = card.locator('svg', { has: page.locator('#impact-chart-title') });
    expect(await chart.locator('rect.at-stake').count()).toBe(expected.themes.length);
    expect(await chart.locator('a').count()).toBe(expected.themes.length);
    expect(await card.locator('[data-over-represented]').textContent()).toMatch(/is the theme most over-represented among detractors/);
    await expect(page.locator('section[aria-labelledby="themes-over-time"] svg .panel').count()).resolves.toBe(expected.themes.length);
    mkdirSync('test-results', { recursive: true });
    const shot = await card.screenshot({ path: 'test-results/theme-ranking.png' });
    expect(shot.byteLength).toBeGreaterThan(5_000);
    await page.close();
  });

  it('links each theme to its comments, in the same department', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/results/demo/?${query}`);
    await page.locator('section[aria-labelledby="themes"] tr[data-theme="delivery"] a').click();
    await page.waitForURL(/comments\?.*theme=delivery/);
    expect(new URL(page.url()).searchParams.get('department')).toBe('Insight');
    const texts = await page.locator('article.comment p:nth-child(2)').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toMatch(/parcel|late|shipping|delivery/i);
    await page.close();
  });
});
