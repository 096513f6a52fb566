import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../.ci/miniflare.mjs';

// The built Worker as `npm start` runs it: the digest's Cron Trigger, fired by hand as README says,
// posts one digest per open survey to the webhook in .dev.vars, through the ALERTS queue.
const config = fileURLToPath(new URL('../../dist/server/wrangler.json', import.meta.url));
const persistTo = mkdtempSync(`${tmpdir()}/nps-digest-`);
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

describe('the weekly digest under the local Worker', { timeout: 60_000 }, () => {
  it('/cdn-cgi/local/scheduled?cron=0+7+*+*+MON sends each open survey its digest, an empty week included', async () => {
    const received: { id: string; body: { type: string; id: string; survey: string; nps: { n: number }; text: string[] } }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => (received.push({ id: String(req.headers['x-nps-delivery']), body: JSON.parse(body) }), res.end('ok')));
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const envFile = `${persistTo}/.dev.vars`;
    writeFileSync(envFile, `ADMIN_TOKEN=local-digest\nALERT_WEBHOOK_URL=http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook\nALERT_WEBHOOK_SECRET=local-secret\n`);
    const worker = await startWorker({ configPath: config, port: 0, persistTo, envFile });
    try {
      const res = await fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent('0 7 * * MON')}`);
      expect(res.status).toBe(200);
      for (let i = 0; i < 80 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 250));
      expect(received.map((r) => r.body.survey).sort()).toEqual(['demo', 'support']);
      for (const { id, body } of received) {
        expect(body).toMatchObject({ type: 'digest.weekly', id, nps: { n: 0 } });
        expect(body.text[0]).toMatch(/^No answers in the past 7 days \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)\.$/);
      }
      // The rollup's trigger sends no digest.
      await fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent('*/15 * * * *')}`);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(received).toHaveLength(2);
    } finally {
      await worker.stop();
      hook.close();
    }
  });
});
