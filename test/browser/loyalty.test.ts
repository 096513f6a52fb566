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

type Churn = { category: string; contacts: number; churned: number; churnRate: number; interval: [number, number] };
type Report = { churn: Churn[]; churnGap: { difference: number; significant: boolean } };

describe.skipIf(!baseUrl)('the loyalty report in Chromium', () => {
  let browser: Browser;
  const run = crypto.randomUUID().slice(0, 8);
  const day = new Date().toISOString().slice(0, 10);
  const query = `survey=demo&months=1&from=${day}&to=${day}`;
  // Four promoters (one churns) and four detractors (three churn), answered today through invitations.
  const scores = [10, 9, 10, 9, 0, 3, 5, 6];
  const churned = new Set([0, 4, 5, 6]);
  // Other browser tests (run one file at a time) answer invitations today too: the report before ours.
  let before: Report;

  const report = async () => (await fetch(`${baseUrl}/api/reports/loyalty?${query}`, { headers: admin })).json() as Promise<Report>;
  const of = (r: Report, category: string) => r.churn.find((c) => c.category === category)!;

  beforeAll(async () => {
    before = await report();
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

  it('counts the customers who answered and churned, by category, with their intervals and the verdict on the gap', async () => {
    const after = await report();
    expect(of(after, 'detractor')).toMatchObject({ contacts: of(before, 'detractor').contacts + 4, churned: of(before, 'detractor').churned + 3 });
    expect(of(after, 'promoter')).toMatchObject({ contacts: of(before, 'promoter').contacts + 4, churned: of(before, 'promoter').churned + 1 });

    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${adminToken}` } });
    const page = await context.newPage();
    const res = await page.goto(`${baseUrl}/results/loyalty?${query}`);
    expect(res!.status()).toBe(200);
    const percent = (x: number) => `${Math.round(x * 100)}%`;
    for (const category of ['detractor', 'promoter']) {
      const row = page.locator(`tr[data-category="${category}"]`);
      const figures = of(after, category);
      expect(Number(await row.locator('[data-rate]').getAttribute('data-rate'))).toBeCloseTo(figures.churned / figures.contacts, 10);
      expect(await row.locator('td').nth(0).textContent()).toBe(String(figures.contacts));
      expect(await row.locator('td').nth(3).textContent()).toBe(`${percent(figures.interval[0])} to ${percent(figures.interval[1])}`);
    }
    const verdict = page.locator('.verdict');
    expect(await verdict.getAttribute('data-significant')).toBe(String(after.churnGap.significant));
    expect(await verdict.textContent()).toMatch(after.churnGap.difference > 0 ? /^Detractors churned more than promoters by \d+ percentage points/ : /^(Detractors churned less|Promoters churned more)/);
    await context.close();
  });
});
