import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clearAccessKeyCache } from '../../functions/auth/access';
import { admin, postForm, request } from '../support/api';
import { AUDIENCE, TEAM, accessToken, certsEndpoint, claimsAt, segment, signingKey, type SigningKey } from '../support/access-jwt';

const html = { accept: 'text/html' };
const accessConfigured = { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUDIENCE } as Partial<Env>;

/**
 * The internal route the Hono app answers itself: the results export. The pages are guarded on
 * Astro's matched route and tested against the whole built Worker in test/site/.
 */
const INTERNAL = '/results/demo/export.csv';
const allowed = (res: Response) => res.status === 200;

const UNAUTHORIZED = {
  error: 'Missing or wrong credentials',
  issues: [{ path: 'Authorization', code: 'auth.required', message: 'must be "Bearer <ADMIN_TOKEN>"' }],
};

describe('the internal site without credentials', () => {
  it('sends a browser to the login form, keeping where it wanted to go', async () => {
    const res = await request(`${INTERNAL}?period=90`, { headers: html });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fresults%2Fdemo%2Fexport.csv%3Fperiod%3D90');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(await res.text()).toBe('');
  });

  it('answers scripts 401 with no data', async () => {
    const res = await request('/results/demo/export.csv');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(UNAUTHORIZED);
  });

  it('refuses with the same 401 as the admin API: one body, one challenge', async () => {
    const internal = await request('/results/demo/export.csv');
    const api = await request('/api/surveys/demo/summary');
    expect([internal.status, api.status]).toEqual([401, 401]);
    expect(await internal.json()).toEqual(await api.json());
    expect(internal.headers.get('www-authenticate')).toBe(api.headers.get('www-authenticate'));
    expect(internal.headers.get('www-authenticate')).toBe('Bearer realm="nps"');
  });

  it('refuses a wrong bearer token, and an admin token sent as a cookie value', async () => {
    expect((await request(INTERNAL, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await request(INTERNAL, { headers: { cookie: `nps_session=${admin.authorization.slice(7)}` } })).status).toBe(401);
  });
});

describe('the login form', () => {
  it('a wrong token gets 401 and no cookie', async () => {
    const res = await postForm('/login', { token: 'guess', next: '/results/' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('the admin token gets a signed HttpOnly SameSite cookie that opens the site', async () => {
    const res = await postForm('/login', { token: admin.authorization.slice(7), next: '/results/demo/' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/results/demo/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^nps_session=[^;]+/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const session = cookie.split(';')[0]!;
    expect(allowed(await request(INTERNAL, { headers: { cookie: session, ...html } }))).toBe(true);
    // A tampered cookie is refused (a signature character changed; not the last one, whose
    // low bits base64url does not use).
    const at = session.indexOf('.') + 3;
    const tampered = session.slice(0, at) + (session[at] === 'A' ? 'B' : 'A') + session.slice(at + 1);
    expect((await request(INTERNAL, { headers: { cookie: tampered, ...html } })).status).toBe(302);
  });

  it.each([
    '//evil.example/',
    '/\t/evil.example',
    '/%09/evil.example',
    '/\\evil.example',
    '/.//evil.example',
    'https://evil.example/results/',
    'javascript:alert(1)',
    '/results/\nSet-Cookie: x=1',
    '\u0000/results/',
  ])('never redirects off-site after login: next=%j goes to the overview', async (next) => {
    const res = await postForm('/login', { token: admin.authorization.slice(7), next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/results/');
  });

  it('keeps a same-site next, also when written as an absolute URL of this site', async () => {
    const cases: [next: string, location: string][] = [
      ['/results/demo/comments?q=late', '/results/demo/comments?q=late'],
      ['https://nps.example/results/support/', '/results/support/'],
    ];
    for (const [next, location] of cases) {
      const res = await postForm('/login', { token: admin.authorization.slice(7), next });
      expect(res.headers.get('location')).toBe(location);
    }
  });

  it('the sign-in form carries only a safe next', async () => {
    const page = await (await request('/login?next=/%09/evil.example', { headers: html })).text();
    expect(page).toContain('name="next" value="/results/"');
    expect(page).not.toContain('evil.example');
  });

  it('the bearer token works for scripts, and the answer is private and not indexed', async () => {
    const res = await request(INTERNAL, { headers: admin });
    expect(allowed(res)).toBe(true);
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('behind Cloudflare Access', () => {
  let key: SigningKey;
  let other: SigningKey;
  beforeAll(async () => {
    [key, other] = await Promise.all([signingKey('k1'), signingKey('k1')]);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    clearAccessKeyCache();
  });

  function withCerts() {
    const certs = certsEndpoint(key);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => certs.fetchJwks(String(input instanceof Request ? input.url : input)));
    return certs;
  }
  const asAccess = (token: string) => ({ 'cf-access-jwt-assertion': token, ...html });

  it('accepts the team-signed JWT on the site and the admin API', async () => {
    const certs = withCerts();
    const token = await accessToken(key, claimsAt(Date.now()));
    expect(allowed(await request(INTERNAL, { headers: asAccess(token) }, accessConfigured))).toBe(true);
    expect((await request('/api/surveys/demo/summary', { headers: asAccess(token) }, accessConfigured)).status).toBe(200);
    expect(certs.requests[0]).toBe(`https://${TEAM}/cdn-cgi/access/certs`);
  });

  it.each([
    ['signed with another key', async () => accessToken(other, claimsAt(Date.now()))],
    ['expired', async () => accessToken(key, claimsAt(Date.now() - 3 * 3600_000))],
    ['for another application', async () => accessToken(key, claimsAt(Date.now(), { aud: ['someone-else'] }))],
    ['unsigned (alg: none)', async () => `${segment({ alg: 'none', kid: 'k1' })}.${segment(claimsAt(Date.now()))}.`],
  ])('refuses a JWT %s, on the site and the admin API', async (_name, make) => {
    withCerts();
    const token = await make();
    expect((await request(INTERNAL, { headers: asAccess(token) }, accessConfigured)).status).toBe(302);
    const api = await request('/api/surveys/demo/summary', { headers: { 'cf-access-jwt-assertion': token } }, accessConfigured);
    expect(api.status).toBe(401);
    expect(await api.json()).not.toHaveProperty('n');
  });
});
