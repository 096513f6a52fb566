import { describe, expect, it } from 'vitest';
import { countRows, postForm, postJson } from '../support/api';

/** A D1 that fails every query, as during an outage. */
function brokenDatabase(): D1Database {
  const fail = () => {
    throw new Error('D1_ERROR: Network connection lost.');
  };
  return {
    prepare: () => ({ bind: () => ({ first: fail, run: fail, all: fail, raw: fail }), first: fail, run: fail, all: fail, raw: fail }),
    batch: fail,
    exec: fail,
    dump: fail,
    withSession: fail,
  } as unknown as D1Database;
}

describe('storage outage', () => {
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
