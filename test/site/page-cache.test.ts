import { describe, expect, inject, it } from 'vitest';
import { cspHeader } from '@functions/http/csp';

// The built Worker (Astro behind the Hono app): a results page rendered for one staff member is
// served from the page cache to another, identical and with nothing of either in it, and to nobody
// without credentials.
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

describe('the rendered-page cache on the built Worker', () => {
  it.each(['/results/', '/results/demo/', '/results/demo/?department=Support'])('%s: rendered for one staff member, served from the cache to another', async (page) => {
    // A query of this run's own, so the first view is a render whatever ran before.
    const path = `${page}${page.includes('?') ? '&' : '?'}run=${crypto.randomUUID()}`;
    const cookie = await sessionCookie();
    const script = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const rendered = await script.text();
    expect(script.status).toBe(200);
    expect(script.headers.get('server-timing')).toBe('page-cache;desc="miss"');

    const browser = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/html' } });
    const served = await browser.text();
    expect(browser.status).toBe(200);
    expect(browser.headers.get('server-timing')).toBe('page-cache;desc="hit"');
    expect(served).toBe(rendered);
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

  it('serves no cached page to an odd spelling of its path, without credentials or with forged ones', async () => {
    // Warm the survey page and the overview, so a lookup that ran before the staff check would find them.
    for (const page of ['/results/', '/results/demo/']) {
      const warm = await fetch(`${baseUrl}${page}`, { headers: { authorization: `Bearer ${token}` } });
      expect(warm.status).toBe(200);
      await warm.arrayBuffer();
      const again = await fetch(`${baseUrl}${page}`, { headers: { authorization: `Bearer ${token}` } });
      expect(again.headers.get('server-timing')).toBe('page-cache;desc="hit"');
      await again.arrayBuffer();
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
