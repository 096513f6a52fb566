import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launch } from './chromium';

const baseUrl = inject('chromium') ? inject('baseUrl') : '';
const adminToken = inject('adminToken');
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
const NAME = '<script>window.__xss = 1</script>Ann';

type Item = { id: string; to: string; status: string; invitation: string };

/** Waits for the real path: the API, the MAILS queue, its consumer and the emulated EMAIL binding. */
async function sentMail(to: string) {
  for (let i = 0; i < 120; i++) {
    const res = await fetch(`${baseUrl}/api/outbox?survey=demo&status=sent`, { headers: admin });
    const item = (await res.json() as { items: Item[] }).items.find((m) => m.to === to);
    if (item) return item;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no sent mail to ${to}`);
}

describe.skipIf(!baseUrl)('the outbox in Chromium', () => {
  let browser: Browser;
  let signedIn: BrowserContext;
  let mail: Item;
  const to = `outbox-${Date.now()}@example.com`;

  beforeAll(async () => {
    const res = await fetch(`${baseUrl}/api/invitations`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ survey: 'demo', send: true, recipients: [{ email: to, name: NAME, locale: 'sv' }] }),
    });
    expect(res.status).toBe(201);
    mail = await sentMail(to);
    browser = await launch();
    signedIn = await browser.newContext();
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/outbox`);
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/results/outbox`);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the mail sent through the local Worker, opens it as a mail client shows it, and its score link opens the survey with that score', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${baseUrl}/results/outbox?status=sent`);
    const row = page.locator(`tr[data-mail="${mail.id}"]`);
    await expect(row.getAttribute('data-status')).resolves.toBe('sent');
    expect(await row.locator('td').nth(1).textContent()).toBe('demo');
    await row.getByRole('link', { name: to }).click();
    await page.waitForURL(`${baseUrl}/results/outbox/${mail.id}`);
    expect(await page.locator('h1').textContent()).toContain('Acme');
    // The mail, in its sandboxed frame: Swedish, the name as text, eleven score buttons.
    const frame = page.frameLocator('iframe.mail');
    await expect(frame.getByText(`Hej ${NAME}!`).isVisible()).resolves.toBe(true);
    expect(await frame.locator('a[href*="/i/"]').count()).toBe(11);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // A score opens in a new tab, out of the sandbox, as from a mail client: the survey with 7 chosen.
    const [survey] = await Promise.all([signedIn.waitForEvent('page'), frame.getByRole('link', { name: '7', exact: true }).click()]);
    await survey.waitForLoadState();
    expect(survey.url()).toBe(`${baseUrl}/i/${mail.invitation}/7/`);
    expect(await survey.locator('input[name=score]:checked').getAttribute('value')).toBe('7');
    await survey.close();
    await page.close();
  });

  it('a visitor without credentials sees neither the outbox nor a mail', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/results/outbox`);
    expect(page.url()).toContain('/login?next=%2Fresults%2Foutbox');
    const preview = await context.request.get(`${baseUrl}/results/outbox/${mail.id}/mail`);
    expect(preview.status()).toBe(401);
    await context.close();
  });
});
