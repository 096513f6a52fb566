import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { admin, countRows, postForm, postJson } from '../support/api';
import { brokenDatabase } from '../support/broken-d1';

/** The real D1, failing from its `failFrom`-th query on: an outage in the middle of a request. */
function failingAfter(failFrom: number): D1Database {
  let queries = 0;
  const count = <T>(run: () => Promise<T>) => {
    queries += 1;
    if (queries >= failFrom) return Promise.reject(new Error('D1_ERROR: Network connection lost.'));
    return run();
  };
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(statement, {
              get(s, p) {
                if (p === 'bind') return (...values: unknown[]) => wrap(s.bind(...values));
                if (p === 'first' || p === 'run' || p === 'all' || p === 'raw') return (...args: never[]) => count(() => (s[p] as (...a: never[]) => Promise<unknown>)(...args));
                return Reflect.get(s, p);
              },
            });
          return wrap(target.prepare(sql));
        };
      }
      if (prop === 'batch') return (statements: D1PreparedStatement[]) => count(() => target.batch(statements));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('storage outage', () => {
  it('failing between reading the invitation and writing the answer: 503 and nothing half-written', async () => {
    const invited = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: 'fault-1', segments: { department: 'X' } }] }, admin);
    const token = ((await invited.json()) as { results: { id: string }[] }).results[0]!.id;
    const before = await countRows('responses');
    const res = await postJson('/api/surveys/demo/responses', { score: 2, invitation: token }, {}, { DB: failingAfter(2) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await countRows('responses')).toBe(before);
    // The same answer, once storage is back, is stored once.
    expect((await postJson('/api/surveys/demo/responses', { score: 2, invitation: token })).status).toBe(201);
    expect(await countRows('responses')).toBe(before + 1);
  });

  it('an invitation batch that fails: 503 and no contact or invitation written', async () => {
    const [contacts, invitations] = [await countRows('contacts'), await countRows('invitations')];
    const res = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: 'fault-2' }, { externalId: 'fault-3' }] }, admin, { DB: failingAfter(1) });
    expect(res.status).toBe(503);
    expect([await countRows('contacts'), await countRows('invitations')]).toEqual([contacts, invitations]);
  });

  it('a JSON answer gets 503 with Retry-After, and no row is written', async () => {
    const before = await countRows('responses');
    const res = await postJson('/api/surveys/demo/responses', { score: 9, reason: 'keep me' }, {}, { DB: brokenDatabase() });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('retry') });
    expect(await countRows('responses')).toBe(before);
  });

  it('a plain form gets its answer back in a form to send again', async () => {
    const res = await postForm(
      '/da/s/demo/?department=Support',
      { score: '6', reason: 'Lang ventetid <b>', 'answers.value': 'service' },
      { accept: 'text/html' },
      { DB: brokenDatabase() },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    const page = await res.text();
    expect(page).toContain('lang="da"');
    expect(page).toContain('action="/da/s/demo/?department=Support"');
    expect(page).toContain('name="score" value="6"');
    expect(page).toContain('name="reason" value="Lang ventetid &lt;b&gt;"');
    expect(page).toContain('name="answers.value" value="service"');
  });
});
