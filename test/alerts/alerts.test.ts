import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertRule, matchesAlert } from '@/alerts/rule';
import { surveySchema } from '@/schemas/survey';
import { handleAlertBatch, DEAD_LETTER_QUEUE, type DeliveryMessage } from '../../functions/alerts/deliver';
import { sweepAlerts, SWEEP_GRACE_MS, SWEEP_QUERIES } from '../../functions/alerts/enqueue';
import { notEnqueued } from '../../functions/db/alerts';
import { countingD1 } from '../support/counting-d1';
import { drain, receiver, recordingQueue } from '../support/alert-queue';
import { recordSubmission } from '../../functions/collect/record';
import { amendResponse } from '../../functions/collect/amend';
import { getSurvey } from '../../functions/surveys/catalog';
import { admin, postJson, storedResponse, uniqueName } from '../support/api';

const WEBHOOK = { ALERT_WEBHOOK_URL: 'https://hooks.example/nps', ALERT_WEBHOOK_SECRET: 'whsec-test' };
const SLACK = { SLACK_WEBHOOK_URL: 'https://hooks.slack.example/T000/B000/xyz' };

async function answer(body: Record<string, unknown>, bindings: Partial<Env>) {
  const res = await postJson('/api/surveys/demo/responses', body, {}, bindings);
  return { status: res.status, body: await res.json<{ id: string; category: string }>() };
}

const alertsOf = (responseId: string) =>
  env.DB.prepare('SELECT * FROM alerts WHERE response_id = ?').bind(responseId).all<{ id: string; enqueued_at: number | null }>().then((r) => r.results);

afterEach(() => vi.restoreAllMocks());

describe('alerts.when', () => {
  it('decides per rule which answers alert', () => {
    const cases = [
      { score: 6 }, { score: 7 }, { score: 8 }, { score: 9, reason: 'slow' }, { score: 10, followUp: ' ' }, { score: 3, reason: '' },
    ];
    const table = (when: Parameters<typeof alertRule>[0]) => cases.map((c) => matchesAlert(alertRule(when), c));
    expect(table('detractor')).toEqual([true, false, false, false, false, true]);
    expect(table('passive-or-worse')).toEqual([true, true, true, false, false, true]);
    expect(table('commented')).toEqual([false, false, false, true, false, false]);
    expect(table('score<=7')).toEqual([true, true, false, false, false, true]);
    expect(table('score<=0')).toEqual([false, false, false, false, false, false]);
  });

  it('defaults to detractor, and refuses a rule it does not know, naming the field', () => {
    const base = { id: 'x', kind: 'relationship', company: 'Acme', industry: 'ecommerce' };
    expect(surveySchema.parse(base).alerts).toEqual({ when: 'detractor' });
    expect(surveySchema.parse({ ...base, alerts: { when: 'score<=10' } }).alerts.when).toBe('score<=10');
    const bad = surveySchema.safeParse({ ...base, alerts: { when: 'score<=11' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['alerts', 'when']);
  });
});

describe('raising an alert with the answer', () => {
  it('a detractor raises one alert, put on the queue per target; a promoter none; the answer is 201 at once', async () => {
    const queue = recordingQueue();
    const bad = await answer({ score: 2, reason: 'late again' }, { ...queue, ...WEBHOOK, ...SLACK });
    const good = await answer({ score: 10 }, { ...queue, ...WEBHOOK, ...SLACK });
    expect([bad.status, good.status]).toEqual([201, 201]);
    const [alert] = await alertsOf(bad.body.id);
    expect(alert?.enqueued_at).toBeTypeOf('number');
    expect(await alertsOf(good.body.id)).toEqual([]);
    expect(queue.sent).toEqual([
      { alert: alert!.id, target: 'slack', origin: 'https://nps.example' },
      { alert: alert!.id, target: 'webhook', origin: 'https://nps.example' },
    ]);
    const deliveries = await env.DB.prepare('SELECT target, status, tries FROM alert_deliveries WHERE alert_id = ? ORDER BY target').bind(alert!.id).all();
    expect(deliveries.results).toEqual([{ target: 'slack', status: 'queued', tries: 0 }, { target: 'webhook', status: 'queued', tries: 0 }]);
  });

  it('with no target set, nothing is sent (the alert is still recorded, as queued, in the answer\'s own batch)', async () => {
    const queue = recordingQueue();
    const counting = countingD1(env.DB);
    const res = await answer({ score: 1 }, { ...queue, SLACK_WEBHOOK_URL: '', ALERT_WEBHOOK_URL: '', ALERT_WEBHOOK_SECRET: '', DB: counting.binding });
    expect(res.status).toBe(201);
    // One batch of two statements (the answer, its alert): nothing after the reply.
    expect(counting.queries).toBe(2);
    expect(queue.sent).toEqual([]);
    const [alert] = await alertsOf(res.body.id);
    // Written as queued by the answer's own batch: no second round trip, and no sweep sends it later.
    expect(alert?.enqueued_at).toBeTypeOf('number');
    expect(await notEnqueued(env.DB, Date.now() + SWEEP_GRACE_MS + 1, 1000)).not.toContain(alert!.id);
    // A webhook URL without its secret is not a target either: nothing unsigned goes out.
    const unsigned = await answer({ score: 1 }, { ...queue, ALERT_WEBHOOK_URL: WEBHOOK.ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET: '' });
    expect(unsigned.status).toBe(201);
    expect(queue.sent).toEqual([]);
  });

  it('a queue that is down: the answer is still 201 and stored, and the Cron sweep sends its alert later', async () => {
    const down = recordingQueue(true);
    const res = await answer({ score: 0, reason: 'queue down' }, { ...down, ...WEBHOOK });
    expect(res.status).toBe(201);
    expect(await storedResponse(res.body.id)).toMatchObject({ score: 0, reason: 'queue down' });
    const [alert] = await alertsOf(res.body.id);
    expect(alert?.enqueued_at).toBeNull();
    const up = recordingQueue();
    await sweepAlerts({ ...env, ...up, ...WEBHOOK }, Date.now() + SWEEP_GRACE_MS + 1, 1000);
    expect(up.sent).toContainEqual({ alert: alert!.id, target: 'webhook', origin: 'https://nps.example' });
    expect((await alertsOf(res.body.id))[0]?.enqueued_at).toBeTypeOf('number');
    // Sent once: the next sweep finds nothing left.
    const again = recordingQueue();
    await sweepAlerts({ ...env, ...again, ...WEBHOOK }, Date.now() + SWEEP_GRACE_MS + 1, 1000);
    expect(again.sent.filter((m) => 'alert' in m && m.alert === alert!.id)).toEqual([]);
  });

  it('the sweep stays within its share of the Cron run\'s D1 queries, however many alerts wait', async () => {
    const down = recordingQueue(true);
    for (let i = 0; i < 3; i++) expect((await answer({ score: 2 }, { ...down, ...WEBHOOK, ...SLACK })).status).toBe(201);
    const counting = countingD1(env.DB);
    const up = recordingQueue();
    const swept = await sweepAlerts({ ...env, DB: counting.binding, ...up, ...WEBHOOK, ...SLACK }, Date.now() + SWEEP_GRACE_MS + 1, 1000);
    expect(swept).toBeGreaterThanOrEqual(3);
    expect(up.sent).toHaveLength(2 * swept);
    expect(counting.queries).toBeLessThanOrEqual(SWEEP_QUERIES);
  });

  it('an edited answer that newly matches alerts once; one that already alerted never again', async () => {
    const invited = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: uniqueName('edit') }] }, admin);
    const token = (await invited.json<{ results: { id: string }[] }>()).results[0]!.id;
    const queue = recordingQueue();
    const first = await answer({ score: 9, invitation: token }, { ...queue, ...WEBHOOK });
    expect(await alertsOf(first.body.id)).toEqual([]);
    const worse = await answer({ score: 3, invitation: token }, { ...queue, ...WEBHOOK });
    expect(worse.body.id).toBe(first.body.id);
    expect(await alertsOf(first.body.id)).toHaveLength(1);
    await answer({ score: 1, invitation: token }, { ...queue, ...WEBHOOK });
    expect(await alertsOf(first.body.id)).toHaveLength(1);
    expect(queue.sent).toHaveLength(1);
  });

  it('under "commented", adding a comment to one\'s answer raises the alert, once', async () => {
    const survey = { ...getSurvey('demo')!, alerts: { when: 'commented' as const } };
    const recorded = await recordSubmission(env.DB, survey, { score: 9 });
    if (!recorded.ok) throw new Error('not recorded');
    expect(recorded.alert).toBeUndefined();
    const amended = await amendResponse(env.DB, survey, recorded.id, { followUp: 'call me about the invoice', answers: {} });
    expect(amended).toMatchObject({ ok: true, updated: true, alert: expect.any(String) });
    const again = await amendResponse(env.DB, survey, recorded.id, { answers: { value: 'price' } });
    expect(again).toMatchObject({ ok: true, updated: true, alert: undefined });
    expect(await alertsOf(recorded.id)).toHaveLength(1);
  });
});

describe('the ALERTS consumer', () => {
  it('against a webhook that fails 5 times then recovers: every alert arrives once per delivery id, signed', async () => {
    const queue = recordingQueue();
    const ids: string[] = [];
    for (const score of [0, 3, 6]) ids.push((await answer({ score, reason: `r${score}`, segments: { department: 'Support' } }, { ...queue, ...WEBHOOK })).body.id);
    expect(queue.sent).toHaveLength(3);
    const hook = receiver(WEBHOOK.ALERT_WEBHOOK_SECRET);
    let failures = 0;
    let calls = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      calls += 1;
      const request = new Request(input as RequestInfo, init as RequestInit);
      if (failures < 5) {
        failures += 1;
        return new Response('upstream down', { status: 503 });
      }
      return hook.accept(request);
    });
    const { delays, left } = await drain(queue.sent, WEBHOOK);
    expect(left).toBe(0);
    expect(failures).toBe(5);
    const alertIds = await Promise.all(ids.map(async (id) => (await alertsOf(id))[0]!.id));
    expect(hook.seen).toEqual(new Set(alertIds));
    expect(hook.bodies).toHaveLength(3);
    expect(calls).toBe(5 + 3);
    // Exponential backoff: 10 s after the first failure, twice as long after the second.
    expect(delays).toEqual([10, 10, 10, 20, 20]);
    const rows = await env.DB.prepare(`SELECT status, tries, last_error FROM alert_deliveries WHERE target = 'webhook' AND alert_id IN (?, ?, ?)`)
      .bind(...alertIds)
      .all<{ status: string; tries: number; last_error: string | null }>();
    expect(rows.results.every((r) => r.status === 'delivered')).toBe(true);
    expect(rows.results.reduce((n, r) => n + r.tries, 0)).toBe(8);
    expect(rows.results.some((r) => r.last_error?.startsWith('HTTP 503'))).toBe(true);

    // The body: the response's public ref, never its id.
    const stored = await storedResponse(ids[0]!);
    const body = hook.bodies.find((b) => (b.response as { ref: string }).ref === stored!.ref)!;
    expect(body).toEqual({
      type: 'response.alert',
      id: alertIds[0],
      survey: 'demo',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      response: { ref: stored!.ref, score: 0, category: 'detractor', reason: 'r0', segments: { department: 'Support' }, locale: 'en', createdAt: new Date(stored!.created_at as number).toISOString() },
      url: `https://nps.example/results/follow-ups/${stored!.ref}`,
    });
    expect(JSON.stringify(hook.bodies)).not.toContain(ids[0]);

    // The same message again (a duplicate send): the delivery is made already, nothing goes out.
    calls = 0;
    await drain([queue.sent[0]!], WEBHOOK);
    expect(calls).toBe(0);
  });

  it('a delivery the queue gave up on is recorded as dead from the dead-letter queue', async () => {
    const queue = recordingQueue();
    const res = await answer({ score: 4 }, { ...queue, ...WEBHOOK });
    const [alert] = await alertsOf(res.body.id);
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('connect ECONNREFUSED'));
    await drain(queue.sent, WEBHOOK, 1);
    const batch = createMessageBatch<DeliveryMessage>(DEAD_LETTER_QUEUE, [{ id: 'd1', timestamp: Date.now(), attempts: 1, body: queue.sent[0]! }]);
    const ctx = createExecutionContext();
    await handleAlertBatch(batch, { ...env, ...WEBHOOK });
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['d1']);
    const row = await env.DB.prepare('SELECT status, tries, last_error FROM alert_deliveries WHERE alert_id = ?').bind(alert!.id).first();
    expect(row).toEqual({ status: 'dead', tries: 1, last_error: 'connect ECONNREFUSED' });
  });

  it('an alert whose response was deleted meanwhile is dropped, nothing sent', async () => {
    const queue = recordingQueue();
    const res = await answer({ score: 2 }, { ...queue, ...WEBHOOK });
    await env.DB.prepare('DELETE FROM responses WHERE id = ?').bind(res.body.id).run();
    const fetched = vi.spyOn(globalThis, 'fetch');
    expect(await drain(queue.sent, WEBHOOK)).toEqual({ delays: [], left: 0 });
    expect(fetched).not.toHaveBeenCalled();
  });

  it('posts Slack a Block Kit message: score, category, reason (escaped), segment path and the link', async () => {
    const queue = recordingQueue();
    const res = await answer({ score: 5, reason: 'Support <b>never</b> called & I waited', segments: { department: 'Support', function: 'Tier 1' } }, { ...queue, ...SLACK });
    const ref = (await storedResponse(res.body.id))!.ref;
    const posted: { url: string; body: unknown }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init as RequestInit);
      posted.push({ url: request.url, body: await request.json() });
      return new Response('ok');
    });
    const { left } = await drain(queue.sent, SLACK);
    expect(left).toBe(0);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.url).toBe(SLACK.SLACK_WEBHOOK_URL);
    expect(posted[0]!.body).toEqual({
      text: 'NPS alert: 5 (detractor) in demo',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'NPS alert: 5 (detractor) in demo' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Score*\n5' },
            { type: 'mrkdwn', text: '*Category*\ndetractor' },
            { type: 'mrkdwn', text: '*Segment*\nSupport / Tier 1' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: '*Reason*\nSupport &lt;b&gt;never&lt;/b&gt; called &amp; I waited' } },
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the follow-up' }, url: `https://nps.example/results/follow-ups/${ref}` }],
        },
      ],
    });
  });
});
