import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFollowUps, findFollowUpWithHistory } from '../../functions/db/follow-ups';
import { loadFollowUpPage } from '../../functions/pages/follow-up';
import { loadFollowUpsPage } from '../../functions/pages/follow-ups';
import { admin, request } from '../support/api';
import { backlog } from '../support/backlog';
import { capturing, plan } from '../support/capturing-d1';
import { countingD1 } from '../support/counting-d1';
import { answer, patch } from '../support/follow-ups';

describe('the queue reads responses through one partial index, an item by its rowid', () => {
  beforeAll(async () => {
    await backlog(600);
  });

  it.each([
    ['the list of every survey', 'USING INDEX responses_to_follow_up ', (db: D1Database) => listFollowUps(db, { segments: { department: 'Support' } }, { createdAt: Date.now(), ref: 'ffffffffffffffff' }, 26)],
    ["one survey's list", 'USING INDEX responses_to_follow_up ', (db: D1Database) => listFollowUps(db, { survey: 'demo', status: 'new', segments: {} }, undefined, 26)],
    ['a filter only changed items can match', 'USING INDEX follow_ups_by_survey ', (db: D1Database) => listFollowUps(db, { survey: 'demo', status: 'resolved', segments: {} }, undefined, 26)],
    ['an item by a ref made before migration 0031', 'USING INDEX responses_to_follow_up_by_random_ref ', (db: D1Database) => findFollowUpWithHistory(db, '0123456789abcdef')],
    ['an item by its ref', 'USING INTEGER PRIMARY KEY (rowid=?)', (db: D1Database) => findFollowUpWithHistory(db, '0123456789abcdef')],
  ])('%s reads %s and never scans responses', async (_name, index, call) => {
    const { binding, sent } = capturing(env.DB);
    await call(binding);
    const details = await plan(sent[0]!.sql, sent[0]!.values);
    expect(details.some((d) => d.includes(index))).toBe(true);
    expect(details.filter((d) => /^SCAN r\b/.test(d))).toEqual([]);
  });
});

describe('D1 queries per request, whatever the size of the queue', () => {
  const queriesOf = async (path: string, init: RequestInit = {}) => {
    const db = countingD1(env.DB);
    const res = await request(path, { ...init, headers: { ...admin, ...init.headers } }, { DB: db.binding });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    return db.queries;
  };

  it('a page of the list is 1, an item 2, a change at most 4', async () => {
    const { ref } = await answer({ score: 3 });
    expect(await queriesOf('/api/follow-ups?limit=100')).toBe(1);
    expect(await queriesOf('/api/follow-ups?status=contacted&owner=Eva&segment.department=Support&due=2026-12-01')).toBe(1);
    expect(await queriesOf(`/api/follow-ups/${ref}`)).toBe(2);
    const change = { method: 'PATCH', body: JSON.stringify({ status: 'contacted', note: 'Called' }), headers: { 'content-type': 'application/json' } };
    expect(await queriesOf(`/api/follow-ups/${ref}`, change)).toBeLessThanOrEqual(4);
    expect((await patch(ref, { status: 'resolved' })).status).toBe(200);
  });

  it('the list page is 2 (with "data as of"), the item page 3', async () => {
    const { ref } = await answer({ score: 3 });
    const count = async (load: (db: D1Database) => Promise<unknown>) => {
      const db = countingD1(env.DB);
      const data = await load(db.binding);
      expect(data).not.toBeInstanceOf(Response);
      return db.queries;
    };
    expect(await count((db) => loadFollowUpsPage(db, new URL('https://nps.example/results/follow-ups?segment.department=Support&due=2026-12-01')))).toBe(2);
    expect(await count((db) => loadFollowUpPage(db, ref))).toBe(3);
  });
});
