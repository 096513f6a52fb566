import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

async function api<T = Record<string, unknown>>(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { ...admin, ...headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

describe.skipIf(!baseUrl)('the loyalty report in Chromium', () => {
  let browser: Browser;
  const run = crypto.randomUUID().slice(0, 8);
  // Four promoters (one churns) and four detractors (three churn), answered today through invitations.
  const scores = [10, 9, 10, 9, 0, 3, 5, 6];
  const churned = new Set([0, 4, 5, 6]);

  beforeAll(async () => {
    const recipients = scores.map((_, i) => ({ externalId: `loyal-${run}-${i}`, name: `Customer ${i}` }));
    const { results } = await api<{ results: { id: string }[] }>('/api/invitations', { survey: 'demo', recipients });
    for (const [i, score] of scores.entries()) {
      await api('/api/surveys/demo/responses', { score, invitation: results[i]!.id }, { 'cf-connecting-ip': `203.0.113.${i + 1}` });
    }
    const at = new Date().toISOString();
    await api('/api/contacts/outcomes', {
      outcomes: [...churned].map((i) => ({ contact: `loyal-${run}-${i}`, at, type: 'churned' })),
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows churn by category with intervals and says whether the gap is significant', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${adminToken}` } });
    const page = await context.newPage();
    const day = new Date().toISOString().slice(0, 10);
    const res = await page.goto(`${baseUrl}/results/loyalty?survey=demo&months=1&from=${day}&to=${day}`);
    expect(res!.status()).toBe(200);
    const rate = (category: string) => page.locator(`tr[data-category="${category}"] [data-rate]`).getAttribute('data-rate');
    expect(Number(await rate('detractor'))).toBeCloseTo(0.75, 10);
    expect(Number(await rate('promoter'))).toBeCloseTo(0.25, 10);
    // 3/4 − 1/4, pooled z = 1.41: not significant with eight customers.
    expect(await page.locator('.verdict').textContent()).toMatch(/Detractors churned more than promoters by 50 percentage points, but .* not significant/);
    const detractorInterval = await page.locator('tr[data-category="detractor"] td').nth(3).textContent();
    // Wilson 95% of 3/4: 30% to 95%.
    expect(detractorInterval).toBe('30% to 95%');
    await context.close();
  });
});
