import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { admin, postJson, request, uniqueName } from '../support/api';
import { recordingD1 } from '../support/recording-d1';
import { D1_LIMITS } from '../../functions/db/d1-limits';

type Reply = { imported: number; rejected: { row: number; field: string; code: string }[]; issues?: { path: string }[] };

const postCsv = (csv: string, bindings: Partial<Env> = {}) =>
  request('/api/contacts', { method: 'POST', body: csv, headers: { ...admin, 'content-type': 'text/csv; charset=utf-8' } }, bindings);
const contact = (key: string) =>
  env.DB.prepare(`SELECT external_id, email, name, locale, segments FROM contacts WHERE contact_key = ?`).bind(key).first<Record<string, string | null>>();
const contactCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM contacts').first<{ n: number }>())!.n;

describe('POST /api/contacts', () => {
  it('imports JSON contacts, reports a bad row by number and field, and keeps the good ones', async () => {
    const id = uniqueName('crm');
    const email = `${uniqueName('Eva')}@Example.com`;
    const res = await postJson('/api/contacts', {
      contacts: [
        { externalId: id, name: 'Eva Berg', locale: 'sv', segments: { department: 'Support' } },
        { email: 'not an address' },
        { email, name: 'Eva E-mail' },
      ],
    }, admin);
    expect(res.status).toBe(200);
    const body = await res.json<Reply>();
    expect(body.imported).toBe(2);
    expect(body.rejected).toEqual([expect.objectContaining({ row: 2, field: 'email', code: 'invalid' })]);
    expect(await contact(`ext:${id}`)).toEqual({ external_id: id, email: null, name: 'Eva Berg', locale: 'sv', segments: '{"department":"Support"}' });
    expect(await contact(`email:${email.toLowerCase()}`)).toMatchObject({ email: email.toLowerCase(), name: 'Eva E-mail' });
  });

  it('upserts on the contact key: given fields replace, missing ones stay, segments merge by dimension', async () => {
    const id = uniqueName('crm');
    await postJson('/api/contacts', { contacts: [{ externalId: id, name: 'Old name', locale: 'de', segments: { department: 'Sales', person: 'Bo' } }] }, admin);
    const before = await contactCount();
    const res = await postJson('/api/contacts', { contacts: [{ externalId: id, name: 'New name', segments: { person: 'Mia' } }] }, admin);
    expect((await res.json<Reply>()).imported).toBe(1);
    expect(await contactCount()).toBe(before);
    expect(await contact(`ext:${id}`)).toMatchObject({ name: 'New name', locale: 'de', segments: '{"department":"Sales","person":"Mia"}' });
  });

  it('imports CSV (d3-dsv): quoted cells, empty cells left out, bad rows by number and field', async () => {
    const ids = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    const csv = [
      'externalId,email,name,locale,segments.department',
      `${ids[0]},,"Berg, Eva <script>x</script>",sv,Support`,
      `,,,en,Sales`,
      `${ids[1]},,Bo,xx,Sales`,
      `"${ids[2]}",c@example.com,"Line ""quoted""",,`,
    ].join('\r\n');
    const res = await postCsv(csv);
    expect(res.status).toBe(200);
    const body = await res.json<Reply>();
    expect(body.imported).toBe(2);
    expect(body.rejected.map(({ row, field }) => [row, field])).toEqual([[2, 'email'], [3, 'locale']]);
    expect(await contact(`ext:${ids[0]}`)).toMatchObject({ name: 'Berg, Eva <script>x</script>', locale: 'sv', segments: '{"department":"Support"}' });
    expect(await contact(`ext:${ids[2]}`)).toMatchObject({ email: 'c@example.com', name: 'Line "quoted"', locale: null, segments: '{}' });
    expect(await contact(`ext:${ids[1]}`)).toBeNull();
  });

  it('refuses a CSV with a column it does not know, a call with no valid row, and more than 10,000 contacts, storing nothing', async () => {
    const before = await contactCount();
    const column = await postCsv(`externalId,phone\n${uniqueName('x')},123`);
    expect(column.status).toBe(400);
    expect((await column.json<Reply>()).issues!.map((i) => i.path)).toEqual(['phone']);
    const none = await postJson('/api/contacts', { contacts: [{ name: 'Nobody' }] }, admin);
    expect(none.status).toBe(400);
    expect((await none.json<Reply>()).issues!.map((i) => i.path)).toEqual(['contacts.0.email']);
    const tooMany = await postJson('/api/contacts', { contacts: Array.from({ length: 10_001 }, (_, i) => ({ externalId: `x${i}` })) }, admin);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json<Reply>()).issues!.map((i) => i.path)).toEqual(['contacts']);
    expect(await contactCount()).toBe(before);
    expect((await request('/api/contacts', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
  });

  it('writes 10,000 contacts in a few statements, each within D1 limits', async () => {
    const run = uniqueName('bulk');
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      externalId: `${run}-${i}`,
      email: `person-${i}-${run}@example.com`,
      name: `Person number ${i} with a rather long name to weigh the rows`,
      locale: 'en',
      segments: { department: 'Customer success', function: 'Enterprise accounts', person: `Account manager ${i % 40}` },
    }));
    const d1 = recordingD1(env.DB);
    const res = await postJson('/api/contacts', { contacts: rows }, admin, { DB: d1.db });
    expect(await res.json<Reply>()).toEqual({ imported: 10_000, rejected: [] });
    expect(d1.sent.length).toBeGreaterThan(1);
    expect(d1.sent.length).toBeLessThanOrEqual(5);
    for (const sent of d1.sent) {
      expect(sent.largestValue).toBeLessThanOrEqual(D1_LIMITS.valueBytes);
      expect(sent.sqlBytes).toBeLessThanOrEqual(D1_LIMITS.statementBytes);
    }
    expect((await env.DB.prepare(`SELECT count(*) AS n FROM contacts WHERE external_id LIKE ?`).bind(`${run}-%`).first<{ n: number }>())!.n).toBe(10_000);
  });
});
