import { describe, expect, it } from 'vitest';
import { canonicalPath } from '../../functions/http/canonical-path';
import { createApi } from '../../functions/app';
import { request } from '../support/api';

describe('one spelling per path', () => {
  it.each(['/', '/results/', '/results', '/results/demo/comments', '/s/demo/', '/sv/s/demo/', '/i/abc_DEF-123/7/', '/api/surveys/demo/responses', '/a%20b/', '/caf%C3%A9/'])(
    '%s is canonical',
    (path) => expect(canonicalPath(path)).toEqual({ ok: true }),
  );

  it.each([
    ['//results/', '/results/'],
    ['///results', '/results'],
    ['/results//demo/', '/results/demo/'],
    ['/%72esults/', '/results/'],
    ['/%2e/results/', '/results/'],
    ['/results/%2E%2E/results/demo/', '/results/demo/'],
    ['/results/./demo', '/results/demo'],
    ['/x/../results/', '/results/'],
    ['/caf%c3%a9/', '/caf%C3%A9/'],
  ])('%s is rewritten to %s', (path, redirect) => expect(canonicalPath(path)).toEqual({ ok: false, redirect }));

  it.each([
    '/%2572esults/',
    '/results%2f',
    '/results%2Fdemo',
    '/results%5cdemo',
    '/results\\demo',
    '/results%00/',
    '/results%0a',
    '/results/%zz',
    '/results/%',
    '/..',
    '/%2e%2e/results/',
    '/%ff/',
    'results',
  ])('%s is refused', (path) => expect(canonicalPath(path)).toMatchObject({ ok: false, refuse: expect.any(String) }));
});

describe('the Worker in front of every route', () => {
  it('redirects a non-canonical spelling with 308 before any route, keeping the query', async () => {
    const res = await request('/%61pi/surveys/demo/summary?department=Support');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/api/surveys/demo/summary?department=Support');
    expect(await res.text()).toBe('');
  });

  it('refuses an ambiguous spelling with 400 naming the url', async () => {
    const res = await request('/api/surveys/demo%2Fsummary');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Bad request path', issues: [{ path: 'url', code: 'url.invalid', message: 'the path holds an encoded "/"' }] });
  });
});

/** Routes anyone may call: the respondent's, the sign-in form and the API document. */
const PUBLIC_ROUTES = new Set([
  'POST /api/surveys/:survey/responses',
  'PATCH /api/surveys/:survey/responses/:id',
  'POST /api/surveys/:survey/responses/:id',
  'POST /s/:survey/',
  'POST /:locale/s/:survey/',
  'POST /maturity/',
  'POST /:locale/maturity/',
  'GET /u/:token/',
  'POST /u/:token/',
  'GET /api/openapi.json',
  'GET /login',
  'POST /login',
  'POST /logout',
]);

describe('every other route of the edge needs credentials', () => {
  const routes = createApi()
    .routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => `${r.method} ${r.path}`);
  const internal = [...new Set(routes)].filter((route) => !PUBLIC_ROUTES.has(route));

  it('knows its routes', () => {
    expect(internal.length).toBeGreaterThanOrEqual(6);
    for (const route of PUBLIC_ROUTES) expect(routes).toContain(route);
  });

  it.each(internal)('%s refuses a caller without credentials', async (route) => {
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(':survey', 'demo').replace(/:[a-z]+/g, 'x');
    const res = await request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toMatch(/"n"|promoter|score/i);
  });
});
