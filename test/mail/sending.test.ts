import { env } from 'cloudflare:workers';
import { createMessageBatch } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { handleMailBatch, MAIL_DEAD_LETTER_QUEUE, MAIL_QUEUE } from '../../functions/mail/deliver';
import { MAIL_INTERRUPTED_MS, MAIL_SWEEP_GRACE_MS, MAIL_SWEEP_QUERIES, sweepMails, type MailMessage } from '../../functions/mail/enqueue';
import { MAX_TRIES } from '../../functions/db/outbox';
import { countingD1 } from '../support/counting-d1';
import { drainMails, recordingMailQueue } from '../support/mail-queue';
import { admin, countRows, postJson, request, uniqueName } from '../support/api';

/** An EMAIL binding that fails its first `failures` sends (and every `failEvery`-th one), then delivers; it counts mails per address. */
function flakyEmail(failures: number, failEvery = 0) {
  const delivered: { to: string; subject: string; html: string; text: string; headers: Record<string, string> }[] = [];
  let calls = 0;
  const binding = {
    async send(message: { to: string; subject: string; html: string; text: string; headers: Record<string, string> }) {
      calls += 1;
      if (calls <= failures || (failEvery > 0 && calls % failEvery === 0)) throw new Error(`Email Service unavailable (call ${calls})`);
      delivered.push(message);
      return { messageId: `m${calls}` };
    },
  };
  return { delivered, EMAIL: binding as unknown as SendEmail, calls: () => calls };
}

const recipients = (n: number, prefix = uniqueName('r')) => Array.from({ length: n }, (_, i) => ({ email: `${prefix}-${i}@example.com`, name: `Person ${i}` }));

async function sendInvitations(body: Record<string, unknown>, bindings: Partial<Env>) {
  const res = await postJson('/api/invitations', { send: true, ...body }, admin, bindings);
  return { status: res.status, body: await res.json<{ results: ({ id: string; scoreUrls: string[] } | { skipped: string })[]; issues?: { path: string; code: string }[] }>() };
}

const outboxOf = (invitations: string[]) =>
  env.DB.prepare(`SELECT * FROM outbox WHERE invitation_id IN (SELECT value FROM json_each(?)) ORDER BY recipient`)
    .bind(JSON.stringify(invitations))
    .all<{ id: string; invitation_id: string; recipient: string; status: string; tries: number; error: string | null; sent_at: number | null; enqueued_at: number | null }>()
    .then((r) => r.results);

describe('POST /api/invitations with "send": true', () => {
  it('answers at once with the same results, queues one outbox row per invitation, at most 50 to a queue message', async () => {
    const queue = recordingMailQueue();
    const { status, body } = await sendInvitations({ survey: 'demo', recipients: recipients(120) }, queue);
    expect(status).toBe(201);
    expect(body.results).toHaveLength(120);
    const ids = body.results.map((r) => ('id' in r ? r.id : ''));
    expect(body.results.every((r) => 'scoreUrls' in r && r.scoreUrls.length === 11)).toBe(true);
    const rows = await outboxOf(ids);
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['queued']));
    expect(rows.every((r) => typeof r.enqueued_at === 'number')).toBe(true);
    expect(queue.sent.map((m) => m.mails.length)).toEqual([50, 50, 20]);
    expect(new Set(queue.sent.flatMap((m) => m.mails))).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('1,000 recipients in one call: 5 D1 queries (the 4 statements of the invitations\' batch, one mark) and 20 queue messages', async () => {
    const queue = recordingMailQueue();
    const counting = countingD1(env.DB);
    const { status, body } = await sendInvitations({ survey: 'demo', recipients: recipients(1000) }, { ...queue, DB: counting.binding });
    expect(status).toBe(201);
    expect(counting.queries).toBe(5);
    expect(queue.sent).toHaveLength(20);
    expect(queue.sent.every((m) => m.mails.length === 50)).toBe(true);
    expect(await outboxOf(body.results.map((r) => ('id' in r ? r.id : '')))).toHaveLength(1000);
  });

  it('a retried call, or the same invitation sent again, queues nothing twice', async () => {
    const people = recipients(3);
    const first = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'support', recipients: people }, first);
    const again = recordingMailQueue();
    const retry = await sendInvitations({ survey: 'support', recipients: people }, again);
    expect(retry.body.results).toEqual(body.results);
    expect(again.sent).toEqual([]);
    expect(await outboxOf(body.results.map((r) => ('id' in r ? r.id : '')))).toHaveLength(3);
  });

  it('without "send", nothing is queued; with it, a recipient without an e-mail is a 400 naming them, and nothing is written', async () => {
    const queue = recordingMailQueue();
    const plain = await postJson('/api/invitations', { survey: 'demo', recipients: recipients(1) }, admin, queue);
    expect(plain.status).toBe(201);
    expect(queue.sent).toEqual([]);
    const before = await countRows('invitations');
    const bad = await sendInvitations({ survey: 'demo', recipients: [...recipients(1), { externalId: uniqueName('crm') }] }, queue);
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'recipients.1.email' })]);
    expect(await countRows('invitations')).toBe(before);
    const notBoolean = await sendInvitations({ survey: 'demo', recipients: recipients(1), send: 'yes' }, queue);
    expect(notBoolean.body.issues).toEqual([expect.objectContaining({ path: 'send' })]);
  });
});

describe('the MAILS consumer', () => {
  it('through a failing Email binding that recovers: every invitation mailed exactly once, each row sent', async () => {
    const queue = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'demo', recipients: recipients(60) }, queue);
    const ids = body.results.map((r) => ('id' in r ? r.id : ''));
    // The first 7 sends fail, then every 9th: part of a message fails, the rest goes out.
    const email = flakyEmail(7, 9);
    // Each message twice, as the queue may deliver it (at least once).
    const { left } = await drainMails([...queue.sent, ...queue.sent], { EMAIL: email.EMAIL });
    expect(left).toEqual([]);
    const rows = await outboxOf(ids);
    expect(rows.map((r) => r.status)).toEqual(Array(60).fill('sent'));
    expect(rows.every((r) => r.sent_at! > 0 && r.error === null)).toBe(true);
    const perAddress = new Map<string, number>();
    for (const m of email.delivered) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
    expect(perAddress.size).toBe(60);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    // Each mail is its recipient's: their own score links and headers.
    const row = rows[0]!;
    const mail = email.delivered.find((m) => m.to === row.recipient)!;
    expect(mail.html).toContain(`https://nps.example/i/${row.invitation_id}/10/`);
    expect(mail.headers['List-Unsubscribe']).toBe(`<https://nps.example/u/${row.invitation_id}/>`);
  });

  it('a message of 50 mails, some failing, costs 3 D1 queries', async () => {
    const queue = recordingMailQueue();
    await sendInvitations({ survey: 'demo', recipients: recipients(50) }, queue);
    const counting = countingD1(env.DB);
    const batch = createMessageBatch<MailMessage>(MAIL_QUEUE, [{ id: 'q', timestamp: Date.now(), attempts: 1, body: queue.sent[0]! }]);
    await handleMailBatch(batch, { ...env, DB: counting.binding, EMAIL: flakyEmail(0, 7).EMAIL });
    expect(counting.queries).toBe(3);
  });

  it('a mail that keeps failing is "failed" with the error after the last try, and the outbox API says so', async () => {
    const queue = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'demo', recipients: recipients(2) }, queue);
    const down = flakyEmail(Number.MAX_SAFE_INTEGER);
    const { left } = await drainMails(queue.sent, { EMAIL: down.EMAIL });
    expect(left).toEqual([]);
    const rows = await outboxOf(body.results.map((r) => ('id' in r ? r.id : '')));
    expect(rows.map((r) => [r.status, r.tries])).toEqual([['failed', MAX_TRIES], ['failed', MAX_TRIES]]);
    expect(rows[0]!.error).toMatch(/Email Service unavailable/);
    const listed = await (await request('/api/outbox?status=failed', { headers: admin })).json<{ items: { id: string; status: string; error: string }[] }>();
    expect(listed.items.find((i) => i.id === rows[0]!.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Email Service unavailable/) });
  });

  it('the dead-letter queue marks what is left failed, keeping the last error; a sent row stays sent', async () => {
    const queue = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'demo', recipients: recipients(2) }, queue);
    const [first] = await outboxOf(body.results.map((r) => ('id' in r ? r.id : '')));
    await env.DB.prepare(`UPDATE outbox SET status = 'sent', sent_at = 1 WHERE id = ?`).bind(first!.id).run();
    const batch = createMessageBatch<MailMessage>(MAIL_DEAD_LETTER_QUEUE, queue.sent.map((body, i) => ({ id: `d${i}`, timestamp: Date.now(), attempts: 1, body })));
    await handleMailBatch(batch, env);
    const rows = await outboxOf(body.results.map((r) => ('id' in r ? r.id : '')));
    expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'sent']);
  });

  it('does not mail someone who unsubscribed after the mail was queued', async () => {
    const queue = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'demo', recipients: recipients(1) }, queue);
    const token = 'id' in body.results[0]! ? body.results[0].id : '';
    expect((await request(`/u/${token}/`, { method: 'POST' })).status).toBe(200);
    const email = flakyEmail(0);
    await drainMails(queue.sent, { EMAIL: email.EMAIL });
    expect(email.delivered).toEqual([]);
    expect((await outboxOf([token]))[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/unsubscribed/) });
  });
});

describe('the Cron sweep of the outbox', () => {
  it('puts rows the queue never got on it, once, within its share of the run\'s D1 queries', async () => {
    const { status, body } = await sendInvitations({ survey: 'demo', recipients: recipients(3) }, recordingMailQueue(true));
    expect(status).toBe(201);
    const ids = body.results.map((r) => ('id' in r ? r.id : ''));
    expect((await outboxOf(ids)).every((r) => r.enqueued_at === null)).toBe(true);
    const counting = countingD1(env.DB);
    const up = recordingMailQueue();
    await sweepMails({ ...env, DB: counting.binding, ...up }, Date.now() + MAIL_SWEEP_GRACE_MS + 1);
    expect(counting.queries).toBeLessThanOrEqual(MAIL_SWEEP_QUERIES);
    const rows = await outboxOf(ids);
    expect(up.sent.flatMap((m) => m.mails)).toEqual(expect.arrayContaining(rows.map((r) => r.id)));
    const again = recordingMailQueue();
    await sweepMails({ ...env, ...again }, Date.now() + MAIL_SWEEP_GRACE_MS + 1);
    expect(again.sent.flatMap((m) => m.mails).filter((id) => rows.some((r) => r.id === id))).toEqual([]);
  });

  it('a send interrupted between claim and mark is never sent again: failed, saying it may have gone out', async () => {
    const queue = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'demo', recipients: recipients(1) }, queue);
    const token = 'id' in body.results[0]! ? body.results[0].id : '';
    // The Worker died after the claim: the row is 'sending' and the message comes back.
    await env.DB.prepare(`UPDATE outbox SET status = 'sending', tries = 1 WHERE invitation_id = ?`).bind(token).run();
    const email = flakyEmail(0);
    await drainMails(queue.sent, { EMAIL: email.EMAIL });
    expect(email.delivered).toEqual([]);
    await sweepMails({ ...env, ...recordingMailQueue() }, Date.now() + MAIL_INTERRUPTED_MS + 1);
    expect((await outboxOf([token]))[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/may have gone out/) });
  });
});

describe('GET /api/outbox', () => {
  it('lists mails newest first with survey and status filters, 50 a page with a next cursor, and one mail with its HTML and text', async () => {
    const queue = recordingMailQueue();
    const survey = 'support';
    await sendInvitations({ survey, recipients: recipients(55) }, queue);
    const page = await (await request(`/api/outbox?survey=${survey}&status=queued`, { headers: admin })).json<{ items: { id: string; to: string; subject: string; status: string; sentAt: string | null; invitation: string; survey: string }[]; next: string | null }>();
    expect(page.items).toHaveLength(50);
    expect(page.items.every((i) => i.status === 'queued' && i.survey === survey && i.sentAt === null && i.subject.includes('Acme'))).toBe(true);
    expect(page.next).toBeTruthy();
    const rest = await (await request(`/api/outbox?survey=${survey}&status=queued&after=${page.next}`, { headers: admin })).json<{ items: { id: string }[] }>();
    expect(rest.items.length).toBeGreaterThanOrEqual(5);
    expect(rest.items.some((i) => page.items.some((p) => p.id === i.id))).toBe(false);
    const one = await (await request(`/api/outbox/${page.items[0]!.id}`, { headers: admin })).json<{ html: string; text: string; to: string; invitation: string }>();
    expect(one.to).toBe(page.items[0]!.to);
    expect(one.html).toContain(`https://nps.example/i/${one.invitation}/0/`);
    expect(one.text).toContain(`https://nps.example/u/${one.invitation}/`);
  });

  it('names a bad filter with a 400, answers 404 for an unknown mail and 401 without the admin token', async () => {
    const bad = await request('/api/outbox?status=lost&after=x', { headers: admin });
    expect(bad.status).toBe(400);
    const issues = (await bad.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path).sort();
    expect(issues).toEqual(['after', 'status']);
    expect((await request(`/api/outbox/${'A'.repeat(22)}`, { headers: admin })).status).toBe(404);
    expect((await request('/api/outbox')).status).toBe(401);
    expect((await request(`/api/outbox/${'A'.repeat(22)}`)).status).toBe(401);
  });
});

describe('/results/outbox/<id>/mail, the preview', () => {
  it('serves the mail sandboxed, framable by this site only, to staff only', async () => {
    const queue = recordingMailQueue();
    const { body } = await sendInvitations({ survey: 'demo', recipients: [{ email: `${uniqueName('p')}@example.com`, name: '<script>x()</script>' }] }, queue);
    const token = 'id' in body.results[0]! ? body.results[0].id : '';
    const [row] = await outboxOf([token]);
    expect((await request(`/results/outbox/${row!.id}/mail`)).status).toBe(401);
    const res = await request(`/results/outbox/${row!.id}/mail`, { headers: admin });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/(^|; )sandbox allow-popups allow-popups-to-escape-sandbox(;|$)/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'self'/);
    expect(csp).not.toMatch(/script-src/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = await res.text();
    expect(html).toContain('<base target="_blank">');
    expect(html).not.toContain('<script>x()');
  });
});
