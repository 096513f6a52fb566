import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { admin, postForm } from '../support/api';
import { answer } from '../support/follow-ups';

const SITE = 'https://nps.example';
const fromSite = { ...admin, origin: SITE, accept: 'text/html' };
const statusOf = (id: string) => env.DB.prepare('SELECT status, owner FROM follow_ups WHERE response_id = ?').bind(id).first<{ status: string; owner: string | null }>();

describe('the item page form: POST /results/follow-ups/<ref>', () => {
  it('changes the item and answers 303 back to it', async () => {
    const { id, ref } = await answer({ score: 4 });
    const res = await postForm(`/results/follow-ups/${ref}`, { status: 'contacted', owner: 'Eva', due: '2026-12-03', note: 'Left a message' }, fromSite);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/results/follow-ups/${ref}`);
    expect(await statusOf(id)).toEqual({ status: 'contacted', owner: 'Eva' });
  });

  it('an empty owner and an empty note, as the form sends them, change nothing', async () => {
    const { id, ref } = await answer({ score: 4 });
    const res = await postForm(`/results/follow-ups/${ref}`, { status: 'new', owner: '', note: '', due: '2026-12-03' }, fromSite);
    expect(res.status).toBe(303);
    const history = await env.DB.prepare('SELECT field, value FROM follow_up_history WHERE response_id = ?').bind(id).all();
    expect(history.results).toEqual([{ field: 'due', value: '2026-12-03' }]);
  });

  it('refuses a forged cross-site post with 403, and writes nothing', async () => {
    const { id, ref } = await answer({ score: 4 });
    for (const headers of [
      { ...admin, origin: 'https://evil.example', accept: 'text/html' },
      { ...admin, 'sec-fetch-site': 'cross-site', accept: 'text/html' },
      { ...admin, accept: 'text/html' },
    ]) {
      const res = await postForm(`/results/follow-ups/${ref}`, { status: 'resolved' }, headers);
      expect(res.status).toBe(403);
    }
    expect(await statusOf(id)).toBeNull();
  });

  it('without credentials: a browser is sent to sign in, nothing is written', async () => {
    const { id, ref } = await answer({ score: 4 });
    const res = await postForm(`/results/follow-ups/${ref}`, { status: 'resolved' }, { origin: SITE, accept: 'text/html' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    expect(await statusOf(id)).toBeNull();
  });

  it('a page naming the field for a bad value (400) and a move that makes no sense (409)', async () => {
    const { ref } = await answer({ score: 4 });
    const bad = await postForm(`/results/follow-ups/${ref}`, { status: 'contacted', due: '2026-02-31' }, fromSite);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    expect(await bad.text()).toMatch(/<strong>due<\/strong>/);
    await postForm(`/results/follow-ups/${ref}`, { status: 'resolved' }, fromSite);
    const back = await postForm(`/results/follow-ups/${ref}`, { status: 'new' }, fromSite);
    expect(back.status).toBe(409);
    expect(await back.text()).toMatch(/<strong>status<\/strong>: going back from resolved to new needs a note/);
    expect((await postForm('/results/follow-ups/0123456789abcdef', { status: 'contacted' }, fromSite)).status).toBe(404);
  });
});
