import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MAX_TOUCH_BYTES } from '../../functions/api/body';
import { D1_LIMITS } from '../../functions/db/d1-limits';
import { admin, postJson, request, uniqueName } from '../support/api';
import { recordingD1 } from '../support/recording-d1';

type Reply = { recorded: number; duplicates: number; unknown: { path: string; code: string; message: string }[] };
type Problem = { error: string; issues: { path: string; code: string; message: string }[] };

async function touch(body: unknown, headers: Record<string, string> = admin, bindings: Partial<Env> = {}) {
  const res = await postJson('/api/contacts/touches', body, headers, bindings);
  return { status: res.status, body: await res.json<Reply & Problem>() };
}

/** Contacts as the CRM creates them: through invitations. Returns their stored ids by contact key. */
async function invite(recipients: { email?: string; externalId?: string }[]) {
  const res = await postJson('/api/invitations', { survey: 'demo', recipients }, admin);
  expect(res.status).toBe(201);
}

async function contactOf(key: string) {
  return env.DB.prepare('SELECT id, last_touched_at FROM contacts WHERE contact_key = ?').bind(key).first<{ id: string; last_touched_at: number | null }>();
}

async function touchesOf(key: string) {
  const { results } = await env.DB.prepare(
    'SELECT t.at, t.channel, t.note FROM touches AS t JOIN contacts AS c ON c.id = t.contact_id WHERE c.contact_key = ? ORDER BY t.at',
  )
    .bind(key)
    .all<{ at: number; channel: string; note: string | null }>();
  return results;
}

const countTouches = async () => (await env.DB.prepare('SELECT count(*) AS n FROM touches').first<{ n: number }>())!.n;

describe('POST /api/contacts/touches', () => {
  it('records touches for contacts named by externalId or by e-mail in any case, and keeps each contact\'s latest touch', async () => {
    const externalId = uniqueName('crm');
    const email = `${uniqueName('ann')}@example.com`;
    await invite([{ externalId }, { email }]);
    const { status, body } = await touch({
      touches: [
        { contact: externalId, at: '2026-03-01T10:00:00Z', channel: 'call', note: 'Talked about\r\nthe invoice' },
        { contact: externalId, at: '2026-05-01T12:00:00+02:00', channel: 'meeting' },
        { contact: email.toUpperCase(), at: '2026-04-01T09:00:00Z' },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({ recorded: 3, duplicates: 0, unknown: [] });
    expect(await touchesOf(`ext:${externalId}`)).toEqual([
      { at: Date.parse('2026-03-01T10:00:00Z'), channel: 'call', note: 'Talked about\nthe invoice' },
      { at: Date.parse('2026-05-01T10:00:00Z'), channel: 'meeting', note: null },
    ]);
    expect(await touchesOf(`email:${email}`)).toEqual([{ at: Date.parse('2026-04-01T09:00:00Z'), channel: '', note: null }]);
    expect((await contactOf(`ext:${externalId}`))!.last_touched_at).toBe(Date.parse('2026-05-01T10:00:00Z'));
  });

  it('is idempotent: the same touches again are duplicates, and so is a touch repeated within one call', async () => {
    const externalId = uniqueName('crm');
    await invite([{ externalId }]);
    const touches = [
      { contact: externalId, at: '2026-06-01T08:00:00Z', channel: 'case' },
      { contact: externalId, at: '2026-06-01T08:00:00Z', channel: 'call' },
      { contact: externalId, at: '2026-06-01T08:00:00.000Z', channel: 'case', note: 'the same case, reported twice' },
    ];
    expect((await touch({ touches })).body).toEqual({ recorded: 2, duplicates: 1, unknown: [] });
    const before = await countTouches();
    expect((await touch({ touches })).body).toEqual({ recorded: 0, duplicates: 3, unknown: [] });
    expect(await countTouches()).toBe(before);
    expect(await touchesOf(`ext:${externalId}`)).toHaveLength(2);
  });

  it('a touch by e-mail reaches every contact of the person: the CRM id with that e-mail and the helpdesk\'s e-mail alone', async () => {
    const externalId = uniqueName('crm');
    const email = `${uniqueName('bo')}@example.com`;
    await invite([{ externalId, email }, { email }]);
    const at = '2026-07-01T08:00:00Z';
    expect((await touch({ touches: [{ contact: email, at }] })).body).toEqual({ recorded: 1, duplicates: 0, unknown: [] });
    expect((await contactOf(`ext:${externalId}`))!.last_touched_at).toBe(Date.parse(at));
    expect((await contactOf(`email:${email}`))!.last_touched_at).toBe(Date.parse(at));
    // Named by the CRM id, the same touch is known on both contacts already.
    expect((await touch({ touches: [{ contact: externalId, at }] })).body).toEqual({ recorded: 0, duplicates: 1, unknown: [] });
  });

  it('a touch reported late never moves the latest touch back', async () => {
    const externalId = uniqueName('crm');
    await invite([{ externalId }]);
    await touch({ touches: [{ contact: externalId, at: '2026-08-01T00:00:00Z' }] });
    expect((await touch({ touches: [{ contact: externalId, at: '2026-01-01T00:00:00Z' }] })).body.recorded).toBe(1);
    expect((await contactOf(`ext:${externalId}`))!.last_touched_at).toBe(Date.parse('2026-08-01T00:00:00Z'));
  });

  it('without `at` the touch is now', async () => {
    const externalId = uniqueName('crm');
    await invite([{ externalId }]);
    const before = Date.now();
    await touch({ touches: [{ contact: externalId }] });
    expect((await contactOf(`ext:${externalId}`))!.last_touched_at).toBeGreaterThanOrEqual(before);
  });

  it('names each touch whose contact is unknown and records the others', async () => {
    const externalId = uniqueName('crm');
    const stranger = uniqueName('nobody');
    await invite([{ externalId }]);
    const { status, body } = await touch({
      touches: [
        { contact: stranger, at: '2026-02-01T00:00:00Z' },
        { contact: externalId, at: '2026-02-01T00:00:00Z' },
        { contact: `${stranger}@example.com` },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      recorded: 1,
      duplicates: 0,
      unknown: [
        { path: 'touches.0.contact', code: 'contact.unknown', message: `no contact "${stranger}"` },
        { path: 'touches.2.contact', code: 'contact.unknown', message: `no contact "${stranger}@example.com"` },
      ],
    });
    expect(await touchesOf(`ext:${externalId}`)).toHaveLength(1);
  });

  it.each([
    ['more than 1,000 touches', (contact: string) => ({ touches: Array.from({ length: 1001 }, () => ({ contact })) }), 'touches', 'invalid'],
    ['no touches', () => ({ touches: [] }), 'touches', 'invalid'],
    ['a touch in the future', (contact: string) => ({ touches: [{ contact }, { contact, at: new Date(Date.now() + 3_600_000).toISOString() }] }), 'touches.1.at', 'date.future'],
    ['a time before 2000', (contact: string) => ({ touches: [{ contact, at: '1969-12-31T23:59:59.999Z' }] }), 'touches.0.at', 'invalid'],
    ['a time without a time zone', (contact: string) => ({ touches: [{ contact, at: '2026-01-01T10:00:00' }] }), 'touches.0.at', 'invalid'],
    ['no contact', () => ({ touches: [{ at: '2026-01-01T10:00:00Z' }] }), 'touches.0.contact', 'text.invalid'],
    ['a channel with a line break', (contact: string) => ({ touches: [{ contact, channel: 'call\nmeeting' }] }), 'touches.0.channel', 'text.control'],
    ['a note with a control character', (contact: string) => ({ touches: [{ contact, note: 'ok\u0007' }] }), 'touches.0.note', 'text.control'],
    ['a note over 2,000 characters', (contact: string) => ({ touches: [{ contact, note: 'x'.repeat(2001) }] }), 'touches.0.note', 'text.too_long'],
    ['an unknown field', (contact: string) => ({ touches: [{ contact, when: 'yesterday' }] }), 'touches.0.when', 'field.unknown'],
  ])('refuses %s with 400 naming the field, and records none of the call', async (_, body, path, code) => {
    const externalId = uniqueName('crm');
    await invite([{ externalId }]);
    const before = await countTouches();
    const { status, body: reply } = await touch(body(externalId));
    expect(status).toBe(400);
    expect(reply.issues).toContainEqual(expect.objectContaining({ path, code }));
    expect(await countTouches()).toBe(before);
    expect((await contactOf(`ext:${externalId}`))!.last_touched_at).toBeNull();
  });

  it('accepts a time a few seconds ahead of the server\'s clock', async () => {
    const externalId = uniqueName('crm');
    await invite([{ externalId }]);
    const at = new Date(Date.now() + 60_000).toISOString();
    expect((await touch({ touches: [{ contact: externalId, at }] })).body.recorded).toBe(1);
  });

  it('refuses callers without the admin token', async () => {
    expect((await touch({ touches: [{ contact: 'x' }] }, {})).status).toBe(401);
    expect((await touch({ touches: [{ contact: 'x' }] }, { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('refuses a form another site posts with the staff cookie (a form cannot send JSON)', async () => {
    const externalId = uniqueName('crm');
    await invite([{ externalId }]);
    const login = await request('/login', {
      method: 'POST',
      body: new URLSearchParams({ token: env.ADMIN_TOKEN }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const forged = { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const asForm = await request('/api/contacts/touches', {
      method: 'POST',
      body: new URLSearchParams({ 'touches[0][contact]': externalId }).toString(),
      headers: { ...forged, 'content-type': 'application/x-www-form-urlencoded' },
    });
    // enctype="text/plain" can carry a body that parses as JSON.
    const asText = await request('/api/contacts/touches', {
      method: 'POST',
      body: JSON.stringify({ touches: [{ contact: externalId }] }),
      headers: { ...forged, 'content-type': 'text/plain' },
    });
    expect([asForm.status, asText.status]).toEqual([415, 415]);
    expect((await contactOf(`ext:${externalId}`))!.last_touched_at).toBeNull();
    // The same cookie from the site itself, as JSON (a script on the page), is let in.
    const own = await request('/api/contacts/touches', {
      method: 'POST',
      body: JSON.stringify({ touches: [{ contact: externalId }] }),
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(own.status).toBe(200);
  });

  it('writes 1,000 touches in a body of nearly 1 MB in at most 22 statements, each within D1\'s 100 KB per statement', async () => {
    const externalIds = Array.from({ length: 100 }, () => uniqueName('bulk'));
    await invite(externalIds.map((externalId) => ({ externalId })));
    // Three bytes a character: notes of 320 make the body just under the 1 MB limit, ten times one statement.
    const touches = Array.from({ length: 1000 }, (_, i) => ({
      contact: externalIds[i % 100]!,
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      channel: 'call',
      note: '€'.repeat(320),
    }));
    const bodyBytes = new TextEncoder().encode(JSON.stringify({ touches })).byteLength;
    expect(bodyBytes).toBeGreaterThan(MAX_TOUCH_BYTES - 50_000);
    expect(bodyBytes).toBeLessThanOrEqual(MAX_TOUCH_BYTES);
    const d1 = recordingD1(env.DB, D1_LIMITS);
    const { status, body } = await touch({ touches }, admin, { DB: d1.db });
    expect(status).toBe(200);
    expect(body).toEqual({ recorded: 1000, duplicates: 0, unknown: [] });
    expect(d1.sent.length).toBeGreaterThan(2);
    expect(d1.sent.length).toBeLessThanOrEqual(22);
    for (const sent of d1.sent) {
      expect(sent.sqlBytes + sent.largestValue).toBeLessThanOrEqual(D1_LIMITS.statementBytes);
      expect(sent.parameters).toBeLessThanOrEqual(2);
    }
    const stored = await env.DB.prepare(
      `SELECT count(*) AS n FROM touches WHERE contact_id IN (SELECT id FROM contacts WHERE external_id IN (SELECT value FROM json_each(?)))`,
    )
      .bind(JSON.stringify(externalIds))
      .first<{ n: number }>();
    expect(stored!.n).toBe(1000);
  });
});
