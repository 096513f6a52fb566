import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...admin, ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** The follow-up queue in Chromium with JavaScript off: every change is a plain form, POST and 303 back. */
describe.skipIf(!baseUrl)('the follow-up pages without JavaScript', () => {
  let browser: Browser;
  let noScript: BrowserContext;
  let passive: string;
  let invited: string;

  beforeAll(async () => {
    const department = 'Follow-up desk';
    const { results } = await api<{ results: { id: string }[] }>('/api/invitations', {
      method: 'POST',
      body: JSON.stringify({ survey: 'demo', recipients: [{ email: 'ann.berg@example.com', name: 'Ann Berg', segments: { department } }] }),
    });
    await api('/api/surveys/demo/responses', { method: 'POST', headers: { 'cf-connecting-ip': '192.0.2.201' }, body: JSON.stringify({ score: 2, reason: XSS, invitation: results[0]!.id }) });
    await api('/api/surveys/demo/responses', { method: 'POST', headers: { 'cf-connecting-ip': '192.0.2.202' }, body: JSON.stringify({ score: 7, reason: 'Fine but slow', segments: { department } }) });
    const { items } = await api<{ items: { ref: string; score: number }[] }>(`/api/follow-ups?segment.department=${encodeURIComponent(department)}`);
    passive = items.find((i) => i.score === 7)!.ref;
    invited = items.find((i) => i.score === 2)!.ref;
    browser = await launch();
    const signIn = await browser.newContext();
    const res = await signIn.request.post(`${baseUrl}/login`, { form: { token: adminToken, next: '/results/' }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
    noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await signIn.storageState() });
    await signIn.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the queue, filters it with a plain GET form and opens an item with its call script', async () => {
    const page = await noScript.newPage();
    await page.goto(`${baseUrl}/results/`);
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    await page.waitForURL(/\/results\/follow-ups$/);
    await page.getByLabel('department').fill('Follow-up desk');
    await page.getByLabel('Status').selectOption('new');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=new/);
    expect(await page.locator('tr[data-follow-up]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-follow-up')))).toEqual([passive, invited]);
    await page.locator(`tr[data-follow-up="${passive}"] a`).click();
    await page.waitForURL(`${baseUrl}/results/follow-ups/${passive}`);
    expect(await page.locator('[data-script]').textContent()).toBe(
      'I see you gave us 7 of 10 in our last survey. What do you expect, and what can we do so that you give us a 9 or 10 next time?',
    );
    expect(await page.locator('[data-contact]').count()).toBe(0);
    await page.close();
  });

  it('changes status, owner and note with the form: 303 back to the item, the history says who and what', async () => {
    const page = await noScript.newPage();
    await page.goto(`${baseUrl}/results/follow-ups/${invited}`);
    expect(await page.locator('[data-contact]').textContent()).toBe('Ann Berg · ann.berg@example.com');
    expect(await page.locator('[data-script]').textContent()).toContain('you gave us 2 of 10');
    // The answer's script is shown as text, never run.
    expect(await page.getByText(XSS).count()).toBe(1);
    await page.getByLabel('Status').selectOption('contacted');
    await page.getByLabel('Owner').fill('Eva Lind');
    await page.getByLabel('Note').fill('Called, she wants a refund');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save' }).click()]);
    expect(response.status()).toBe(303);
    await page.waitForURL(`${baseUrl}/results/follow-ups/${invited}`);
    expect(await page.locator('[data-status]').textContent()).toBe('contacted');
    expect(await page.getByLabel('Owner').inputValue()).toBe('Eva Lind');
    expect(await page.locator('ol.history li').allTextContents()).toEqual([
      expect.stringMatching(/· admin · status: contacted$/),
      expect.stringMatching(/· admin · owner: Eva Lind$/),
      expect.stringMatching(/· admin · note: Called, she wants a refund$/),
    ]);
    await page.close();
  });

  it('refuses reopening without a note with a page naming the status, and reopens with one', async () => {
    const page = await noScript.newPage();
    await page.goto(`${baseUrl}/results/follow-ups/${passive}`);
    await page.getByLabel('Status').selectOption('resolved');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${baseUrl}/results/follow-ups/${passive}`);
    await page.getByLabel('Status').selectOption('new');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Save' }).click()]);
    expect(refused.status()).toBe(409);
    expect(await page.locator('ul.issues').textContent()).toContain('status: going back from resolved to new needs a note');
    await page.getByRole('link', { name: 'Back to the follow-up' }).click();
    expect(await page.locator('[data-status]').textContent()).toBe('resolved');
    await page.getByLabel('Status').selectOption('new');
    await page.getByLabel('Note').fill('Customer wrote again');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${baseUrl}/results/follow-ups/${passive}`);
    expect(await page.locator('[data-status]').textContent()).toBe('new');
    await page.close();
  });

  it('a form posted from another site changes nothing', async () => {
    const res = await noScript.request.post(`${baseUrl}/results/follow-ups/${passive}`, {
      form: { status: 'no-action' },
      headers: { origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect((await api<{ status: string }>(`/api/follow-ups/${passive}`)).status).toBe('new');
  });
});
