import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { installMeter } from '../../bench/d1-meter.mjs';
import { saveResponse } from '../../functions/db/responses';
import { admin, postForm, postJson, request, storedResponse } from '../support/api';
import { capturing, plan } from '../support/capturing-d1';

// D1 bills every row written, each index entry counted as a row (README, "Performance"). These are
// the rows one link answer writes, summed from D1's own meta over the answer's statements, so an
// index or a trigger added to responses fails this test until its cost is argued. A link answer:
// the row, its id's index, by survey and time (the invitation and Idempotency-Key indexes are
// partial since migration 0027, the revision's since 0029: no entry without one, or until the
// answer changes); a comment adds its full-text entry; a detractor the follow-up queue's one
// partial index (its ref ends in its rowid, so the item needs no entry of its own) and an alert's
// row (keyed by its delivery id, the response's ref; the not-yet-queued index unless no target is
// set: then it is written as queued, test env).
// 6, 7 and 13 before migration 0027; 4, 5 and 10 before 0029; 3, 4 and 9 before 0031.
const BUDGET = {
  silent: 3,
  promoter: 4,
  detractor: 6,
};

describe('rows written and queries per link answer', () => {
  let meter: ReturnType<typeof installMeter> | undefined;
  afterEach(() => meter?.uninstall());

  async function written(send: () => Response | Promise<Response>) {
    meter = installMeter(env.DB);
    const res = await send();
    meter.uninstall();
    return { res, rows: meter.totals.rowsWritten, queries: meter.totals.queries };
  }

  it('a promoter with a comment, JSON', async () => {
    const { res, rows, queries } = await written(() => postJson('/api/surveys/demo/responses', { score: 9, reason: 'Quick and friendly', segments: { department: 'Sales' } }));
    expect(res.status).toBe(201);
    // An answer that cannot raise an alert sends no alert statement: one query.
    expect(queries).toBe(1);
    expect(await storedResponse((await res.json<{ id: string }>()).id)).toMatchObject({ score: 9, reason: 'Quick and friendly' });
    expect(rows).toBeLessThanOrEqual(BUDGET.promoter);
  });

  it('a detractor with a comment, JSON, alert included', async () => {
    const { res, rows, queries } = await written(() => postJson('/api/surveys/demo/responses', { score: 2, reason: 'Parcel late' }));
    expect(res.status).toBe(201);
    expect(queries).toBe(2);
    const id = (await res.json<{ id: string }>()).id;
    const { ref } = (await storedResponse(id)) as { ref: string };
    // One alert, its delivery id the response's ref (never its id, the respondent's capability).
    expect((await env.DB.prepare('SELECT id FROM alerts WHERE response_id = ?').bind(id).all()).results).toEqual([{ id: ref }]);
    expect(rows).toBeLessThanOrEqual(BUDGET.detractor);
    // And it is on the follow-up queue, found by its ref.
    const item = await request(`/api/follow-ups/${ref}`, { headers: admin });
    expect(item.status).toBe(200);
    expect(await item.json()).toMatchObject({ ref, status: 'new', score: 2 });
  });

  it('a promoter without a comment, JSON: no comment index entry', async () => {
    const { res, rows } = await written(() => postJson('/api/surveys/demo/responses', { score: 10 }));
    expect(res.status).toBe(201);
    expect(rows).toBeLessThanOrEqual(BUDGET.silent);
  });

  it('a form answer', async () => {
    const { res, rows } = await written(() => postForm('/sv/s/demo/?department=Sales', { score: '9', reason: 'Snabb leverans', 'answers.value': 'price' }, { accept: 'text/html' }));
    expect(res.status).toBe(303);
    expect(rows).toBeLessThanOrEqual(BUDGET.promoter);
  });

  it('an answer with a key or an invitation is still found through them: the alert reads both partial indexes', async () => {
    const { binding, sent } = capturing(env.DB);
    const answer = { survey: 'demo', score: 2, category: 'detractor', answers: {}, segments: {}, locale: 'en', channel: 'link', idempotencyKey: crypto.randomUUID() } as const;
    await saveResponse(binding, { ...answer, alertRule: { maxScore: 6, commented: false }, alertToSend: false });
    const alert = sent.find((s) => s.sql.includes('INSERT INTO alerts'))!;
    const details = await plan(alert.sql, alert.values);
    expect(details.some((d) => d.includes('USING INDEX responses_by_invitation '))).toBe(true);
    expect(details.some((d) => d.includes('USING INDEX responses_by_idempotency_key '))).toBe(true);
    expect(details.filter((d) => d.startsWith('SCAN responses'))).toEqual([]);
    // One alert per response: by its key, the ref, or for an alert raised before migration 0031 by its response.
    expect(details.some((d) => d.includes('USING COVERING INDEX alerts_raised_before_0031 (response_id=?)'))).toBe(true);
    expect(details.filter((d) => /^SCAN (a|alerts)\b/.test(d))).toEqual([]);
  });

  it('numbers a fresh answer without scanning responses: its rowid is the next revision', async () => {
    const { binding, sent } = capturing(env.DB);
    await saveResponse(binding, { survey: 'demo', score: 9, category: 'promoter', answers: {}, segments: {}, locale: 'en', channel: 'link' });
    const insert = sent.find((s) => s.sql.includes('INSERT INTO responses'))!;
    const details = await plan(insert.sql, insert.values);
    expect(details.some((d) => d.includes('responses_by_revision'))).toBe(true);
    expect(details.filter((d) => d.startsWith('SCAN responses'))).toEqual([]);
    const [row] = (await env.DB.prepare('SELECT rowid, revision FROM responses ORDER BY rowid DESC LIMIT 1').all<{ rowid: number; revision: number }>()).results;
    expect(row!.revision).toBe(0);
  });
});
