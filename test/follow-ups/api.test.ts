import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { admin, request } from '../support/api';
import { answer, answeredAt, answerInvited, list, patch } from '../support/follow-ups';

type Item = { ref: string; status: string; owner: string | null; due: string; updatedAt: string | null; contact: unknown; history?: { actor: string; field: string; value: string | null }[] };
const get = async (ref: string) => {
  const res = await request(`/api/follow-ups/${ref}`, { headers: admin });
  return { status: res.status, body: await res.json<Item & { issues?: { path: string; code: string }[] }>() };
};
const stored = (table: 'follow_ups' | 'follow_up_history', id: string) =>
  env.DB.prepare(`SELECT * FROM ${table} WHERE response_id = ?`).bind(id).all<Record<string, unknown>>().then((r) => r.results);

describe('the follow-up queue lists what needs a follow-up', () => {
  it('detractors and passives with a comment, newest first; not promoters nor silent passives', async () => {
    const department = 'Queue';
    const detractor = await answer({ score: 3 }, department);
    const silentPassive = await answer({ score: 7 }, department);
    const commentedPassive = await answer({ score: 8, reason: 'Fine, slow' }, department);
    const promoter = await answer({ score: 10, reason: 'Great' }, department);
    await answeredAt(detractor.id, new Date(Date.now() - 60_000));
    const { items } = await list(`segment.department=${department}`);
    expect(items.map((i) => i.ref)).toEqual([commentedPassive.ref, detractor.ref]);
    expect(items.map((i) => i.ref)).not.toContain(silentPassive.ref);
    expect(items.map((i) => i.ref)).not.toContain(promoter.ref);
    expect(items[1]).toMatchObject({ status: 'new', owner: null, score: 3 });
  });

  it('an item nobody has changed is new, due 2 working days after the answer, and writes no row', async () => {
    const { id, ref } = await answer({ score: 2 });
    await answeredAt(id, new Date('2026-11-26T10:00:00Z')); // a Thursday
    const { status, body } = await get(ref);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ref, status: 'new', owner: null, due: '2026-11-30', updatedAt: null, contact: null, history: [] });
    expect(await stored('follow_ups', id)).toEqual([]);
  });

  it('shows the contact when the answer came through an invitation', async () => {
    const { ref } = await answerInvited(4, { name: 'Ann Berg', email: 'ann@example.com' });
    expect((await get(ref)).body.contact).toEqual({ name: 'Ann Berg', email: 'ann@example.com' });
  });

  it('404 for an unknown ref, a promoter and a malformed ref', async () => {
    const promoter = await answer({ score: 9 });
    for (const ref of ['0123456789abcdef', promoter.ref, 'not-a-ref']) {
      const { status, body } = await get(ref);
      expect(status).toBe(404);
      expect(body.issues![0]).toMatchObject({ path: 'ref', code: 'follow_up.unknown' });
      expect((await patch(ref, { status: 'contacted' })).status).toBe(404);
    }
  });
});

describe('PATCH /api/follow-ups/<ref>: transitions and history', () => {
  it('new → contacted → resolved, each change in the history with who made it', async () => {
    const { id, ref } = await answer({ score: 1 });
    const first = await patch(ref, { status: 'contacted', owner: 'Eva', note: 'Called, will call back' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ref, status: 'contacted', owner: 'Eva' });
    expect((await patch(ref, { status: 'resolved' })).status).toBe(200);
    expect(await stored('follow_ups', id)).toEqual([expect.objectContaining({ ref, survey: 'demo', status: 'resolved', owner: 'Eva' })]);
    const { body } = await get(ref);
    expect(body.status).toBe('resolved');
    expect(body.history!.map(({ actor, field, value }) => ({ actor, field, value }))).toEqual([
      { actor: 'admin', field: 'status', value: 'contacted' },
      { actor: 'admin', field: 'owner', value: 'Eva' },
      { actor: 'admin', field: 'note', value: 'Called, will call back' },
      { actor: 'admin', field: 'status', value: 'resolved' },
    ]);
  });

  it('new → no-action and new → resolved are allowed', async () => {
    for (const status of ['no-action', 'resolved']) {
      const { ref } = await answer({ score: 0 });
      const res = await patch(ref, { status });
      expect(res.status).toBe(200);
      expect((await get(ref)).body.status).toBe(status);
    }
  });

  it('409 naming status for reopening without a note; with a note it reopens', async () => {
    const { id, ref } = await answer({ score: 5 });
    await patch(ref, { status: 'resolved' });
    for (const status of ['new', 'contacted']) {
      const res = await patch(ref, { status, owner: 'Mia' });
      expect(res.status).toBe(409);
      expect((await res.json<{ issues: { path: string; code: string }[] }>()).issues).toEqual([expect.objectContaining({ path: 'status', code: 'follow_up.move' })]);
    }
    // Nothing of a refused change is written, not even its owner.
    expect(await stored('follow_ups', id)).toEqual([expect.objectContaining({ status: 'resolved', owner: null })]);
    expect((await stored('follow_up_history', id)).length).toBe(1);
    const reopened = await patch(ref, { status: 'contacted', note: 'Customer wrote again' });
    expect(reopened.status).toBe(200);
    expect((await get(ref)).body.status).toBe('contacted');
  });

  it('409 for moves that make no sense: contacted → new, resolved ↔ no-action', async () => {
    const contacted = await answer({ score: 5 });
    await patch(contacted.ref, { status: 'contacted' });
    expect((await patch(contacted.ref, { status: 'new' })).status).toBe(409);
    const resolved = await answer({ score: 5 });
    await patch(resolved.ref, { status: 'resolved' });
    expect((await patch(resolved.ref, { status: 'no-action' })).status).toBe(409);
    const dropped = await answer({ score: 5 });
    await patch(dropped.ref, { status: 'no-action' });
    expect((await patch(dropped.ref, { status: 'resolved' })).status).toBe(409);
  });

  it('the same status again is a no-op: 200, no history row', async () => {
    const { id, ref } = await answer({ score: 6 });
    await patch(ref, { status: 'contacted' });
    const again = await patch(ref, { status: 'contacted' });
    expect(again.status).toBe(200);
    expect((await again.json<Item>()).status).toBe('contacted');
    expect((await stored('follow_up_history', id)).length).toBe(1);
  });

  it('owner, due and a note change without a status; an empty owner gives the item back', async () => {
    const { id, ref } = await answer({ score: 8, reason: 'Slow' });
    expect((await patch(ref, { owner: 'Bo', due: '2027-01-15' })).status).toBe(200);
    const cleared = await patch(ref, { owner: null, note: 'Bo is away' });
    expect(await cleared.json()).toMatchObject({ status: 'new', owner: null, due: '2027-01-15' });
    expect((await stored('follow_up_history', id)).map((h) => [h.field, h.value])).toEqual([
      ['owner', 'Bo'],
      ['due', '2027-01-15'],
      ['owner', null],
      ['note', 'Bo is away'],
    ]);
  });

  it('400 naming the field, and nothing written', async () => {
    const { id, ref } = await answer({ score: 2 });
    const cases: [unknown, string][] = [
      [{}, ''],
      [{ status: 'done' }, 'status'],
      [{ owner: 'x'.repeat(201) }, 'owner'],
      [{ owner: 'Eva\u0007' }, 'owner'],
      [{ note: 'n'.repeat(2001) }, 'note'],
      [{ due: '2026-02-30' }, 'due'],
      [{ due: 'tomorrow' }, 'due'],
      [{ status: 'contacted', colour: 'red' }, 'colour'],
    ];
    for (const [body, path] of cases) {
      const res = await patch(ref, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect((await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path)).toContain(path);
    }
    const malformed = await request(`/api/follow-ups/${ref}`, { method: 'PATCH', body: '{', headers: { ...admin, 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(await stored('follow_ups', id)).toEqual([]);
  });

  it('records the Cloudflare Access e-mail as who changed it', async () => {
    const { id, ref } = await answer({ score: 3 });
    const { changeFollowUp } = await import('../../functions/follow-ups/change');
    const outcome = await changeFollowUp(env.DB, ref, { status: 'contacted' }, 'eva@example.com');
    expect(outcome.ok).toBe(true);
    expect((await stored('follow_up_history', id)).map((h) => h.actor)).toEqual(['eva@example.com']);
  });

  it('refuses a caller without the admin token', async () => {
    const { ref } = await answer({ score: 3 });
    expect((await patch(ref, { status: 'contacted' }, {})).status).toBe(401);
    expect((await request(`/api/follow-ups/${ref}`)).status).toBe(401);
    expect((await request('/api/follow-ups')).status).toBe(401);
  });
});

describe('a status change is a touch of the answer\'s contact', () => {
  it('inserts a follow-up touch in the same batch and moves the contact\'s last touch', async () => {
    const { id, ref } = await answerInvited(2, { name: 'Per', email: `per-${crypto.randomUUID()}@example.com` });
    const contact = (await env.DB.prepare('SELECT contact_id FROM responses WHERE id = ?').bind(id).first<{ contact_id: string }>())!.contact_id;
    const before = Date.now();
    await patch(ref, { owner: 'Eva' });
    const touches = () => env.DB.prepare('SELECT channel, at FROM touches WHERE contact_id = ?').bind(contact).all<{ channel: string; at: number }>().then((r) => r.results);
    expect(await touches()).toEqual([]);
    await patch(ref, { status: 'contacted' });
    const [touch] = await touches();
    expect(touch).toMatchObject({ channel: 'follow-up' });
    expect(touch!.at).toBeGreaterThanOrEqual(before);
    const last = await env.DB.prepare('SELECT last_touched_at FROM contacts WHERE id = ?').bind(contact).first<{ last_touched_at: number }>();
    expect(last!.last_touched_at).toBe(touch!.at);
  });

  it('an answer without a contact records no touch', async () => {
    const { ref } = await answer({ score: 2 });
    const count = () => env.DB.prepare('SELECT count(*) AS n FROM touches').first<{ n: number }>().then((r) => r!.n);
    const n = await count();
    expect((await patch(ref, { status: 'contacted' })).status).toBe(200);
    expect(await count()).toBe(n);
  });
});

describe('GET /api/follow-ups filters and pages', () => {
  it('by status, owner, due day and segment; each filter alone narrows the list', async () => {
    const department = 'Filters';
    const fresh = await answer({ score: 3 }, department);
    const old = await answer({ score: 4 }, department);
    await answeredAt(old.id, new Date('2026-01-05T12:00:00Z')); // a Monday: due 2026-01-07
    const owned = await answer({ score: 5 }, department);
    await patch(owned.ref, { owner: 'Eva', due: '2026-01-06' });
    const done = await answer({ score: 6 }, department);
    await patch(done.ref, { status: 'resolved', owner: 'Bo' });
    const refs = async (query: string) => (await list(`segment.department=${department}&${query}`)).items.map((i) => i.ref).sort();
    expect(await refs('')).toEqual([fresh.ref, old.ref, owned.ref, done.ref].sort());
    expect(await refs('status=new')).toEqual([fresh.ref, old.ref, owned.ref].sort());
    expect(await refs('status=resolved')).toEqual([done.ref]);
    expect(await refs('owner=Eva')).toEqual([owned.ref]);
    expect(await refs('owner=Eva&status=resolved')).toEqual([]);
    expect(await refs('due=2026-01-06')).toEqual([owned.ref]);
    expect(await refs('due=2026-01-07')).toEqual([old.ref, owned.ref].sort());
    expect(await refs('due=2026-01-07&status=new&survey=demo')).toEqual([old.ref, owned.ref].sort());
    expect(await refs('survey=support')).toEqual([]);
  });

  it('keeps an item whose answer was later amended to a score that needs none', async () => {
    const department = 'Amended';
    const { id, ref } = await answer({ score: 2 }, department);
    await patch(ref, { status: 'contacted' });
    await env.DB.prepare("UPDATE responses SET score = 9, category = 'promoter' WHERE id = ?").bind(id).run();
    expect((await list(`segment.department=${department}`)).items).toEqual([expect.objectContaining({ ref, status: 'contacted', score: 9 })]);
    expect((await get(ref)).status).toBe(200);
  });

  it('pages newest first with a cursor, each item once', async () => {
    const department = 'Paging';
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await answer({ score: i % 7 }, department));
    // Two answers in the same millisecond: the ref breaks the tie.
    await answeredAt(made[3]!.id, new Date(1_790_000_000_000));
    await answeredAt(made[4]!.id, new Date(1_790_000_000_000));
    const seen: string[] = [];
    let query = `segment.department=${department}&limit=3`;
    for (let pages = 0; pages < 5; pages++) {
      const page = await list(query);
      seen.push(...page.items.map((i) => i.ref));
      if (!page.next) break;
      query = `segment.department=${department}&limit=3&after=${encodeURIComponent(page.next)}`;
    }
    expect(seen.length).toBe(7);
    expect(new Set(seen)).toEqual(new Set(made.map((m) => m.ref)));
  });

  it('400 or 404 naming the filter', async () => {
    const cases: [string, number, string][] = [
      ['status=done', 400, 'status'],
      ['due=2026-13-01', 400, 'due'],
      ['limit=101', 400, 'limit'],
      ['limit=0', 400, 'limit'],
      ['after=nonsense', 400, 'after'],
      ['segment.colour=red', 400, 'segment.colour'],
      ['survey=nope', 404, 'survey'],
      ['sort=score', 400, 'sort'],
    ];
    for (const [query, status, path] of cases) {
      const res = await request(`/api/follow-ups?${query}`, { headers: admin });
      expect({ query, status: res.status }).toEqual({ query, status });
      expect((await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path)).toContain(path);
    }
  });
});
