import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEAD_LETTER_QUEUE, handleAlertBatch, type DeliveryMessage } from '../../functions/alerts/deliver';
import { loadDeliveriesPage } from '../../functions/pages/deliveries';
import { drain, receiver, recordingQueue } from '../support/alert-queue';
import { countingD1 } from '../support/counting-d1';
import { admin, postForm, postJson, request } from '../support/api';

const WEBHOOK = { ALERT_WEBHOOK_URL: 'https://hooks.example/nps', ALERT_WEBHOOK_SECRET: 'whsec-test' };
const SAME_SITE = { origin: 'https://nps.example' };

/** A detractor's alert whose webhook delivery failed until the queue gave up on it: recorded dead. */
async function deadAlert() {
  const queue = recordingQueue();
  const res = await postJson('/api/surveys/demo/responses', { score: 1, reason: 'never again' }, {}, { ...queue, ...WEBHOOK });
  const { id: responseId } = await res.json<{ id: string }>();
  const alert = (await env.DB.prepare('SELECT id FROM alerts WHERE response_id = ?').bind(responseId).first<{ id: string }>())!.id;
  const fetched = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('connect ECONNREFUSED'));
  await drain(queue.sent, WEBHOOK, 1);
  const batch = createMessageBatch<DeliveryMessage>(DEAD_LETTER_QUEUE, [{ id: 'd1', timestamp: Date.now(), attempts: 11, body: queue.sent[0]! }]);
  await handleAlertBatch(batch, { ...env, ...WEBHOOK });
  await getQueueResult(batch, createExecutionContext());
  fetched.mockRestore();
  return alert;
}

const deliveryOf = (alert: string) =>
  env.DB.prepare(`SELECT status, tries, last_error FROM alert_deliveries WHERE alert_id = ? AND target = 'webhook'`)
    .bind(alert)
    .first<{ status: string; tries: number; last_error: string | null }>();

/** The staff's browser: the session cookie the login form sets. */
async function sessionCookie() {
  const res = await postForm('/login', { token: env.ADMIN_TOKEN, next: '/results/alerts' });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

afterEach(() => vi.restoreAllMocks());

describe('retrying a dead delivery', () => {
  it('a dead delivery retried from the page is delivered once, with the same X-NPS-Delivery id', async () => {
    const alert = await deadAlert();
    expect(await deliveryOf(alert)).toMatchObject({ status: 'dead', tries: 1 });
    const counting = countingD1(env.DB);
    const listed = await loadDeliveriesPage(counting.binding);
    if (listed instanceof Response) throw new Error('page failed');
    expect(counting.queries).toBe(2);
    expect(listed.deliveries.find((d) => d.id === alert)).toMatchObject({ kind: 'alert', target: 'webhook', survey: 'demo', status: 'dead', tries: 1, last_error: 'connect ECONNREFUSED' });

    const cookie = await sessionCookie();
    const queue = recordingQueue();
    const press = () => postForm('/results/alerts/retry', { kind: 'alert', id: alert, target: 'webhook' }, { cookie, ...SAME_SITE }, { ...queue, ...WEBHOOK });
    const res = await press();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/results/alerts');
    expect(await deliveryOf(alert)).toMatchObject({ status: 'queued' });
    expect(queue.sent).toEqual([{ alert, target: 'webhook', origin: 'https://nps.example' }]);
    // A second press while it waits on the queue sends nothing more.
    expect((await press()).status).toBe(303);
    expect(queue.sent).toHaveLength(1);

    const hook = receiver(WEBHOOK.ALERT_WEBHOOK_SECRET);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => hook.accept(new Request(input as RequestInfo, init as RequestInit)));
    expect((await drain(queue.sent, WEBHOOK)).left).toBe(0);
    expect(hook.requests).toEqual([alert]);
    expect(await deliveryOf(alert)).toMatchObject({ status: 'delivered', tries: 2 });
    // Delivered: the same message again, or another press, sends nothing.
    await drain(queue.sent, WEBHOOK);
    expect((await press()).status).toBe(303);
    expect(queue.sent).toHaveLength(1);
    expect(hook.requests).toEqual([alert]);
  });

  it('refuses a forged cross-site form post with the staff cookie: 403, still dead, nothing sent', async () => {
    const alert = await deadAlert();
    const cookie = await sessionCookie();
    const queue = recordingQueue();
    const fields = { kind: 'alert', id: alert, target: 'webhook' };
    const forged = await postForm('/results/alerts/retry', fields, { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, queue);
    expect(forged.status).toBe(403);
    const noOrigin = await postForm('/results/alerts/retry', fields, { cookie }, queue);
    expect(noOrigin.status).toBe(403);
    const api = await postForm(`/api/alerts/${alert}/retry`, { target: 'webhook' }, { cookie, origin: 'https://evil.example' }, queue);
    expect(api.status).toBe(403);
    expect(queue.sent).toEqual([]);
    expect(await deliveryOf(alert)).toMatchObject({ status: 'dead' });
  });

  it('a retry form with a bad field is 400 naming it, and changes nothing', async () => {
    const alert = await deadAlert();
    const cookie = await sessionCookie();
    const queue = recordingQueue();
    const res = await postForm('/results/alerts/retry', { kind: 'invoice', id: alert, target: 'webhook' }, { cookie, ...SAME_SITE }, queue);
    expect(res.status).toBe(400);
    expect((await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path)).toEqual(['kind']);
    expect(queue.sent).toEqual([]);
    expect(await deliveryOf(alert)).toMatchObject({ status: 'dead' });
  });

  it('the admin API retries a dead delivery, and names what is wrong otherwise', async () => {
    const alert = await deadAlert();
    const queue = recordingQueue();
    const bad = await postJson(`/api/alerts/${alert}/retry`, { target: 'email' }, admin, queue);
    expect(bad.status).toBe(400);
    expect((await bad.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path)).toEqual(['target']);
    const unknown = await postJson('/api/alerts/AAAAAAAAAAAAAAAAAAAAAA/retry', {}, admin, queue);
    expect(unknown.status).toBe(404);
    expect((await unknown.json<{ issues: { path: string }[] }>()).issues[0]!.path).toBe('id');

    const ok = await request(`/api/alerts/${alert}/retry`, { method: 'POST', headers: admin }, { ...queue, ...WEBHOOK });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ kind: 'alert', id: alert, retried: ['webhook'] });
    expect(queue.sent).toEqual([{ alert, target: 'webhook', origin: 'https://nps.example' }]);
    const again = await postJson(`/api/alerts/${alert}/retry`, { target: 'webhook' }, admin, queue);
    expect(again.status).toBe(409);
    expect((await again.json<{ issues: { path: string; message: string }[] }>()).issues[0]).toMatchObject({ path: 'target', message: expect.stringContaining('webhook: queued') });
  });

  it('a queue that is down: 503 with Retry-After, and the delivery stays dead with the reason', async () => {
    const alert = await deadAlert();
    const res = await postJson(`/api/alerts/${alert}/retry`, { target: 'webhook' }, admin, { ...recordingQueue(true), ...WEBHOOK });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await deliveryOf(alert)).toMatchObject({ status: 'dead', last_error: 'retry not put on the queue: Queue send failed: service unavailable' });
  });
});
