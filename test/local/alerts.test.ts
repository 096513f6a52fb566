import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../.ci/miniflare.mjs';

// The built Worker as `npm start` runs it (Miniflare, wrangler's config): the ALERTS queue and its
// consumer come through, and a detractor's alert reaches a webhook on a local URL, signed.
const config = fileURLToPath(new URL('../../dist/server/wrangler.json', import.meta.url));
const persistTo = mkdtempSync(`${tmpdir()}/nps-alerts-`);
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

describe('alerts under the local Worker', { timeout: 60_000 }, () => {
  it('a detractor answered on the local Worker reaches the webhook in .dev.vars with its delivery id and signature', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => (received.push({ headers: req.headers, body }), res.end('ok')));
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const envFile = `${persistTo}/.dev.vars`;
    writeFileSync(envFile, `ADMIN_TOKEN=local-alerts\nALERT_WEBHOOK_URL=http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook\nALERT_WEBHOOK_SECRET=local-secret\n`);
    const worker = await startWorker({ configPath: config, port: 0, persistTo, envFile });
    try {
      const res = await fetch(`${worker.url}/api/surveys/demo/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ score: 1, reason: 'local alert' }),
      });
      expect(res.status).toBe(201);
      for (let i = 0; i < 80 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 250));
      expect(received).toHaveLength(1);
      const body = JSON.parse(received[0]!.body) as { type: string; id: string; response: { score: number; reason: string } };
      expect(body).toMatchObject({ type: 'response.alert', response: { score: 1, reason: 'local alert' } });
      expect(received[0]!.headers['x-nps-delivery']).toBe(body.id);
      expect(received[0]!.headers['x-nps-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    } finally {
      await worker.stop();
      hook.close();
    }
  });
});
