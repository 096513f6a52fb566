import { describe, expect, inject, it } from 'vitest';
import { cspHeader } from '@functions/http/csp';
import { warmPages } from '../../.ci/local.mjs';

// The built Worker (Astro behind the Hono app): a results page stored by the page cache's run is
// served to every staff member, identical and with nothing of anyone in it, and to nobody without
// credentials; a page a staff member has rendered is not stored (bench/page-profile.mjs: the store
// was a quarter of that view's CPU).
const baseUrl = inject('baseUrl');
const token = inject('adminToken');

async function sessionCookie() {
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ token, next: '/results/' }),
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const bearer = { authorization: `Bearer ${token}` };

/** The page cache's Cron run, as its trigger runs it. */
const warm = () => warmPages(baseUrl);

describe('the rendered-page cache on the built Worker', () => {
  it.each(['/results/', '/results/demo/'])("%s: stored by the page cache's run, served from the cache to staff with a token and with a session alike", async (path) => {
    await warm();
    const script = await fetch(`${baseUrl}${path}`, { headers: bearer });
    const served = await script.text();
    expect(script.status).toBe(200);
    expect(script.headers.get('server-timing')).toBe('page-cache;desc="hit"');
    const cookie = await sessionCookie();
    const browser = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/html' } });
    expect(browser.status).toBe(200);
    expect(browser.headers.get('server-timing')).toBe('page-cache;desc="hit"');
    expect(await browser.text()).toBe(served);
    expect(served).toContain('Data as of');
    for (const [name, value] of [
      ['cache-control', 'private, no-store'],
      ['x-robots-tag', 'noindex, nofollow'],
      ['content-security-policy', cspHeader()],
    ]) expect(browser.headers.get(name!)).toBe(value);
    // Nothing of either staff member: not the token, not the session, no form token.
    for (const personal of [token, cookie.split('=')[1]!, 'admin-token', 'csrf']) expect(served).not.toContain(personal);

    const nobody = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
    expect(nobody.status).toBe(401);
    expect(await nobody.text()).not.toContain('<main');
    const forged = await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { accept: 'text/html', cookie: `${cookie}x` } });
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toMatch(/^\/login\?next=/);
    expect(await forged.text()).toBe('');
  });

  it("renders a staff member's view of any other page each time, the same for everyone, and stores none of them", async () => {
    // A query of this run's own, so nothing stored before could answer it.
    const path = `/results/demo/?department=Support&run=${crypto.randomUUID()}`;
    const cookie = await sessionCookie();
    const views = [];
    for (const headers of [bearer, { cookie, accept: 'text/html' }, bearer]) {
      const res = await fetch(`${baseUrl}${path}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('server-timing')).toBe('page-cache;desc="miss"');
      views.push(await res.text());
    }
    expect(views[1]).toBe(views[0]);
    expect(views[2]).toBe(views[0]);
    for (const personal of [token, cookie.split('=')[1]!]) expect(views[1]).not.toContain(personal);
  });

  it('serves no cached page to an odd spelling of its path, without credentials or with forged ones', async () => {
    // Store the survey page and the overview, so a lookup that ran before the staff check would find them.
    await warm();
    for (const page of ['/results/', '/results/demo/']) {
      const stored = await fetch(`${baseUrl}${page}`, { headers: bearer });
      expect(stored.headers.get('server-timing')).toBe('page-cache;desc="hit"');
      await stored.arrayBuffer();
    }
    const spellings = ['//results/', '/results//demo/', '/results/%64emo/', '/./results/demo/', '/results/demo/../demo/', '/%72esults/', '/results/demo'];
    const credentials: Record<string, string>[] = [{}, { authorization: `Bearer ${token}x` }, { authorization: 'Bearer ' }, { cookie: 'nps_session=forged' }];
    for (const spelling of spellings) {
      for (const headers of credentials) {
        const res = await fetch(`${baseUrl}${spelling}`, { redirect: 'manual', headers: { accept: 'text/html', ...headers } });
        const body = await res.text();
        expect([301, 302, 308, 401], `${spelling} ${JSON.stringify(headers)}`).toContain(res.status);
        expect(res.headers.get('server-timing') ?? '', spelling).not.toContain('page-cache');
        expect(body, spelling).not.toContain('Data as of');
      }
    }
  });
});
