import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startWorker } from '../../.ci/miniflare.mjs';
import { launch } from '../browser/chromium';

// The built Worker as `npm start` runs it, with a webhook on a local URL: a delivery the queue gave
// up on is listed on /results/alerts, and its Retry button (a plain form, no script needed) sends it
// once more, through the ALERTS queue, with the same delivery id.
const config = fileURLToPath(new URL('../../dist/server/wrangler.json', import.meta.url));
const persistTo = mkdtempSync(`${tmpdir()}/nps-retry-`);
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

describe.skipIf(!inject('chromium'))('the retry button of /results/alerts', { timeout: 90_000 }, () => {
  it('a dead delivery retried from the page is delivered once, with the same X-NPS-Delivery id', async () => {
    const received: string[] = [];
    const hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => (received.push(String(req.headers['x-nps-delivery'])), res.end('ok')));
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const envFile = `${persistTo}/.dev.vars`;
    writeFileSync(envFile, `ADMIN_TOKEN=local-retry\nALERT_WEBHOOK_URL=http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook\nALERT_WEBHOOK_SECRET=local-secret\n`);
    const worker = await startWorker({ configPath: config, port: 0, persistTo, envFile });
    const browser = await launch();
    try {
      // A promoter's answer (no alert of its own), then an alert of it whose webhook delivery is dead,
      // as the dead-letter queue's consumer leaves it after the last try.
      const answered = await fetch(`${worker.url}/api/surveys/demo/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ score: 10 }),
      });
      const { id: responseId } = (await answered.json()) as { id: string };
      const db = await worker.mf.getD1Database('DB');
      const alert = 'deadAlertAAAAAAAAAAAAA';
      const now = Date.now();
      await db.batch([
        db.prepare(`INSERT INTO alerts (id, response_id, survey, created_at, enqueued_at) VALUES (?1, ?2, 'demo', ?3, ?3)`).bind(alert, responseId, now),
        db
          .prepare(`INSERT INTO alert_deliveries (alert_id, target, status, tries, last_status, last_error, updated_at) VALUES (?1, 'webhook', 'dead', 11, 503, 'HTTP 503 down', ?2)`)
          .bind(alert, now),
      ]);

      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${worker.url}/login?next=%2Fresults%2Falerts`);
      await page.getByLabel('Admin token').fill('local-retry');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${worker.url}/results/alerts`);
      const row = page.locator(`tr[data-delivery="alert:${alert}:webhook"]`);
      expect(await row.getAttribute('data-status')).toBe('dead');
      expect(await row.innerText()).toContain('HTTP 503 down');
      await row.getByRole('button', { name: /^Retry/ }).click();
      await page.waitForURL(`${worker.url}/results/alerts`);

      for (let i = 0; i < 80 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 250));
      // Time for a second request, were one to come.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(received).toEqual([alert]);
      const stored = await db.prepare(`SELECT status, tries FROM alert_deliveries WHERE alert_id = ?`).bind(alert).first();
      expect(stored).toEqual({ status: 'delivered', tries: 12 });
      await page.reload();
      expect(await page.locator(`tr[data-delivery="alert:${alert}:webhook"]`).count()).toBe(0);
      await context.close();
    } finally {
      await browser.close();
      await worker.stop();
      hook.close();
    }
  });
});
