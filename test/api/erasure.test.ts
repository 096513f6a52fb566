import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { findResponses } from '../../functions/db/response-queries';
import { admin, postJson, request } from '../support/api';
import { countingD1 } from '../support/counting-d1';
import { findStored, rollupTables } from '../support/personal-data';
import { suppressionHashes } from '../../functions/erasure/suppression';

// The queue is not what these tests are about: alerts are written with the answer either way.
const queue = { ALERTS: { send: async () => {}, sendBatch: async () => {} } as unknown as Queue };

async function invite(survey: string, recipient: Record<string, unknown>) {
  const res = await postJson('/api/invitations', { survey, recipients: [recipient] }, admin);
  expect(res.status).toBe(201);
  return (await res.json<{ results: ({ id: string } | { skipped: string })[] }>()).results[0]!;
}

async function answer(survey: string, body: Record<string, unknown>) {
  const res = await postJson(`/api/surveys/${survey}/responses`, body, {}, queue);
  expect(res.status).toBe(201);
  return (await res.json<{ id: string }>()).id;
}

const erase = (person: string, bindings: Partial<Env> = {}) =>
  request(`/api/contacts/${encodeURIComponent(person)}`, { method: 'DELETE', headers: admin }, bindings);

async function summaries() {
  const read = async (survey: string) => (await request(`/api/surveys/${survey}/summary`, { headers: admin })).json();
  return { demo: await read('demo'), support: await read('support') };
}

async function foldAll() {
  while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
}

/** A person known by the CRM's id and by the helpdesk's e-mail alone, with an answer, alert, follow-up and touch on each. */
async function person(tag: string, { unsubscribe = false } = {}) {
  const word = `quokka${tag}`;
  const who = { externalId: `crm-${tag}`, email: `Ann.${tag}@Example.com`, name: `Annika Zanzibar${tag}`, comment: `${word} never called me back, the parcel was late` };
  const crm = await invite('demo', { externalId: who.externalId, email: who.email, name: who.name, segments: { department: 'Support' } });
  const helpdesk = await invite('support', { email: who.email, touchpoint: `case-${tag}` });
  if (!('id' in crm) || !('id' in helpdesk)) throw new Error('not invited');
  const ids = [
    await answer('demo', { score: 3, reason: who.comment, followUp: `Call ${who.name}`, answers: { value: 'price' }, invitation: crm.id }),
    await answer('support', { score: 2, reason: `${word} again`, invitation: helpdesk.id }),
  ];
  // A text answer (a survey's `type: text` question) beside the choice, as stored.
  await env.DB.prepare(`UPDATE responses SET answers = json_set(answers, '$.note', ?) WHERE id = ?`).bind(`ask ${who.name}`, ids[0]).run();
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO alert_deliveries (alert_id, target, status, tries, last_error, updated_at)
                    SELECT id, 'webhook', 'retrying', 1, 'HTTP 500', 1 FROM alerts WHERE response_id = ?`).bind(ids[0]),
    env.DB.prepare(`INSERT INTO follow_ups (response_id, ref, survey, status, owner, due, updated_at)
                    SELECT id, ref, survey, 'contacted', 'eva@acme.example', '2026-12-01', 1 FROM responses WHERE id = ?`).bind(ids[0]),
    env.DB.prepare(`INSERT INTO follow_up_history (response_id, at, actor, field, value) VALUES (?, 1, 'eva@acme.example', 'note', ?)`).bind(ids[0], `spoke to ${who.name}`),
    env.DB.prepare(`INSERT INTO touches (contact_id, at, channel, note, created_at) SELECT id, 5, 'phone', ?, 5 FROM contacts WHERE contact_key = ?`).bind(`${who.name} on the phone`, `ext:${who.externalId}`),
  ]);
  if (unsubscribe) expect((await request(`/u/${crm.id}/`, { method: 'POST' })).status).toBeLessThan(400);
  return { ...who, word, ids };
}

const needlesOf = (p: Awaited<ReturnType<typeof person>>) => [p.externalId, p.email, p.name, p.word];

afterEach(() => vi.restoreAllMocks());

describe('DELETE /api/contacts/{externalId or e-mail}', () => {
  it('leaves no identifier or word of the person in any column of any table, and the published figures unchanged', async () => {
    const ann = await person(crypto.randomUUID().slice(0, 8));
    const other = await person(crypto.randomUUID().slice(0, 8));
    await foldAll();
    const everywhere = await findStored(needlesOf(ann));
    // The walk finds what is there: the contacts, the comments, the index, the notes.
    expect(everywhere[ann.email]).toContain('contacts.email');
    expect(everywhere[ann.externalId]).toContain('contacts.external_id');
    expect(everywhere[ann.name]).toEqual(expect.arrayContaining(['contacts.name', 'follow_up_history.value', 'touches.note', 'responses.answers']));
    expect(everywhere[ann.word]).toEqual(expect.arrayContaining(['responses.reason', 'comment_search.reason', 'comment_search_data.block']));
    const [figures, rollups] = [await summaries(), await rollupTables()];
    const period = { from: 0, to: Date.now() + 86_400_000, segments: {} };
    const page = { order: 'newest' as const, limit: 100 };
    const demoRef = await env.DB.prepare(`SELECT ref FROM responses WHERE id = ?`).bind(ann.ids[0]).first<string>('ref');
    expect((await findResponses(env.DB, 'demo', { ...period, theme: 'delivery' }, page)).map((r) => r.ref)).toContain(demoRef);

    const res = await erase(ann.externalId);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erased: { responses: 2, invitations: 2, followUps: 1, touches: 1, alerts: 2 } });

    expect(await findStored(needlesOf(ann))).toEqual(Object.fromEntries(needlesOf(ann).map((n) => [n, []])));
    expect(await summaries()).toEqual(figures);
    expect(await rollupTables()).toEqual(rollups);
    await foldAll();
    expect(await rollupTables()).toEqual(rollups);
    expect(await summaries()).toEqual(figures);
    // The answers stay as scores, with no text, contact, invitation, alert or follow-up.
    const kept = await env.DB.prepare(
      `SELECT score, reason, follow_up, answers, contact_id, invitation_id, idempotency_key,
              (SELECT count(*) FROM alerts WHERE response_id = r.id) + (SELECT count(*) FROM follow_ups WHERE response_id = r.id)
              + (SELECT count(*) FROM follow_up_history WHERE response_id = r.id) + (SELECT count(*) FROM response_themes WHERE response_rowid = r.rowid) AS linked
       FROM responses AS r WHERE id IN (?, ?) ORDER BY score DESC`,
    ).bind(...ann.ids).all();
    expect(kept.results).toEqual([
      { score: 3, reason: null, follow_up: null, answers: '{"value":"price"}', contact_id: null, invitation_id: null, idempotency_key: null, linked: 0 },
      { score: 2, reason: null, follow_up: null, answers: '{}', contact_id: null, invitation_id: null, idempotency_key: null, linked: 0 },
    ]);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM alert_deliveries`).first('n')).toBe(1);
    // The comments page no longer lists them, by theme or by a word they held.
    expect((await findResponses(env.DB, 'demo', { ...period, theme: 'delivery' }, page)).map((r) => r.ref)).not.toContain(demoRef);
    expect(await findResponses(env.DB, 'demo', { ...period, q: ann.word }, page)).toEqual([]);
    // The other person is untouched.
    const otherStored = await findStored(needlesOf(other));
    expect(otherStored[other.email]).toContain('contacts.email');
    expect(otherStored[other.word]).toContain('comment_search_data.block');
    expect((await findResponses(env.DB, 'demo', { ...period, q: other.word }, page)).length).toBe(1);
  });

  it('finds the person by e-mail in any case, and answers 404 once they are gone', async () => {
    const ann = await person(crypto.randomUUID().slice(0, 8));
    const res = await erase(ann.email.toUpperCase());
    expect(await res.json()).toMatchObject({ erased: { responses: 2, invitations: 2 } });
    const again = await erase(ann.email);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: 'Unknown contact', issues: [{ path: 'person', code: 'contact.unknown', message: expect.any(String) }] });
    expect((await erase(ann.externalId)).status).toBe(404);
  });

  it('refuses a parameter that names no one with 400, and callers without the admin token with 401', async () => {
    const res = await erase('crm\u2028ann');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ issues: [{ path: 'person', code: 'text.control' }] });
    const long = await erase('x'.repeat(255));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ issues: [{ path: 'person', code: 'text.too_long' }] });
    expect((await request('/api/contacts/crm-1', { method: 'DELETE' })).status).toBe(401);
  });

  it('logs counts only', async () => {
    const ann = await person(crypto.randomUUID().slice(0, 8));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect((await erase(ann.externalId)).status).toBe(200);
    const lines = log.mock.calls.map((call) => call.join(' '));
    expect(lines).toEqual(['erasure {"erased":{"alerts":2,"followUps":1,"responses":2,"touches":1,"invitations":2}}']);
  });

  it('is one read and one batch of 9 statements, whatever the size of the history', async () => {
    const small = await person(crypto.randomUUID().slice(0, 8));
    const large = await person(crypto.randomUUID().slice(0, 8));
    // 300 more answers of the large one's, as a long-time customer would have.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
       INSERT INTO responses (id, survey, score, category, reason, locale, channel, contact_id, created_at, updated_at, revision)
       SELECT ?1 || '-' || i, 'demo', 9, 'promoter', ?2, 'en', 'link', (SELECT id FROM contacts WHERE contact_key = ?3), i, i, -i FROM n`,
    ).bind(large.externalId, `${large.word} thanks`, `ext:${large.externalId}`).run();
    const counts = [];
    for (const who of [small, large]) {
      const db = countingD1(env.DB);
      expect((await erase(who.externalId, { DB: db.binding })).status).toBe(200);
      counts.push(db.queries);
    }
    expect(counts).toEqual([10, 10]);
    expect((await findStored([large.word]))[large.word]).toEqual([]);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM responses WHERE id LIKE ? AND reason IS NULL AND contact_id IS NULL`).bind(`${large.externalId}-%`).first('n')).toBe(300);
  });

  it('keeps an unsubscribed person unsubscribed after erasure, by a keyed hash of each of their keys', async () => {
    const ann = await person(crypto.randomUUID().slice(0, 8), { unsubscribe: true });
    const before = await env.DB.prepare('SELECT count(*) AS n FROM suppressions').first<number>('n');
    expect((await erase(ann.externalId)).status).toBe(200);
    const keys = [`ext:${ann.externalId}`, `email:${ann.email.toLowerCase()}`];
    const hashes = await suppressionHashes(env.SUPPRESSION_KEY, keys);
    const stored = await env.DB.prepare('SELECT key_hash FROM suppressions WHERE key_hash IN (SELECT value FROM json_each(?))').bind(JSON.stringify(hashes)).all();
    expect(stored.results).toHaveLength(2);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM suppressions').first<number>('n')).toBe(before! + 2);
    // Keyed: not the plain SHA-256 of the key, which anyone could compute from a guessed address.
    const plain = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(keys[1])))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hashes).not.toContain(plain);
    // By the CRM's id, by the e-mail alone (in another case), by a new id with the same e-mail: never invited, never stored again.
    for (const recipient of [{ externalId: ann.externalId }, { email: ann.email.toUpperCase() }, { externalId: `${ann.externalId}-new`, email: ann.email }]) {
      expect(await invite('demo', { ...recipient, touchpoint: crypto.randomUUID() })).toEqual({ skipped: 'unsubscribed' });
    }
    expect(await findStored([ann.externalId, ann.email])).toEqual({ [ann.externalId]: [], [ann.email]: [] });
  });

  it('lets an erased person who had not unsubscribed be invited again, and stores no hash for them', async () => {
    const ann = await person(crypto.randomUUID().slice(0, 8));
    const before = await env.DB.prepare('SELECT count(*) AS n FROM suppressions').first<number>('n');
    expect((await erase(ann.email)).status).toBe(200);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM suppressions').first<number>('n')).toBe(before);
    expect(await invite('demo', { externalId: ann.externalId, email: ann.email })).toHaveProperty('id');
  });

  it('refuses to erase an unsubscribed person without SUPPRESSION_KEY (503), erasing nothing', async () => {
    const ann = await person(crypto.randomUUID().slice(0, 8), { unsubscribe: true });
    const res = await erase(ann.externalId, { SUPPRESSION_KEY: '' });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('SUPPRESSION_KEY') });
    expect((await findStored([ann.email]))[ann.email]).toContain('contacts.email');
  });
});
