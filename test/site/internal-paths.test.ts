import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PUBLIC_ROUTES } from '@/public-routes';

// The whole built Worker (Hono in front of Astro, the assets router before both) served by
// workerd through Miniflare, as test/browser/server.ts starts it, asked the way an attacker asks: raw request lines (no client-side URL clean-up), odd spellings of internal paths, and
// forged credentials. Nothing internal may come back, whatever the status.

const baseUrl = inject('baseUrl');
const adminToken = inject('adminToken');
const CANARY = `canary-${crypto.randomUUID()}`;

type Reply = { status: number; location: string | null; body: string };

/** One request with the path exactly as written: Node's http client sends it untouched. */
function raw(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET', headers: { accept: 'text/html,application/json', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Credentials an outsider can make up. */
const FORGED: Record<string, Record<string, string>> = {
  'no credentials': {},
  'a wrong bearer token': { authorization: 'Bearer not-the-admin-token' },
  'a forged session cookie': { cookie: `nps_session=${b64({ sub: 'admin', exp: Date.now() + 3_600_000 })}.${'A'.repeat(43)}` },
  'an alg:none Access JWT': {
    'cf-access-jwt-assertion': `${b64({ alg: 'none', kid: 'k1' })}.${b64({ sub: 'x', email: 'x@example.com', aud: ['nps'], exp: 9_999_999_999 })}.`,
    authorization: `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'admin' })}.`,
  },
};

/** What each internal place shows to staff: the test first proves the server does serve it. */
const INTERNAL = [
  { path: '/results/', marker: 'demo' },
  { path: '/results/demo/', marker: 'NPS' },
  { path: '/results/demo/comments', marker: CANARY },
  { path: '/results/demo/export.csv', marker: CANARY },
  { path: '/api/surveys/demo/summary', marker: '"n"' },
];

/** Spellings of internal paths that routers, proxies and Access rules have read differently. */
const SPELLINGS = [
  '//results/',
  '///results/demo/',
  '/%2572esults/demo/comments',
  '/%72esults/demo/comments',
  '/./results/',
  '/results/../results/demo/',
  '/RESULTS/',
  '/Results/demo/comments',
  '/results%2f',
  '/results%2Fdemo%2Fcomments',
  '//api/surveys/demo/summary',
  '/api//surveys/demo/summary',
  '/%2e/results/demo/',
  '/results/%2e%2e/results/demo/comments',
  '/results/.%2e/results/demo/',
  '/\\results/',
  '/results\\demo\\comments',
  '/results/demo/comments;.css',
  '/results/demo/comments%00',
  '/results/demo/comments%20',
  '/results/demo/comments/',
  '/results/demo/comments.html',
  '/results/demo/comments?x=/s/demo/',
  '/s/../results/demo/comments',
  '/results/demo//comments',
  '/%2F/results/',
  '/results/demo/export%2Ecsv',
  '//results/demo/export.csv',
  '/results/demo%2Fexport.csv',
];

const leaks = (body: string) => body.includes(CANARY) || /Net Promoter|promoters?\b|"n":/i.test(body);

beforeAll(async () => {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${baseUrl}/api/surveys/demo/responses`, {
      method: 'POST',
      headers: { ...headers, 'cf-connecting-ip': `203.0.113.${i + 1}` },
      body: JSON.stringify({ score: i + 3, reason: `${CANARY} comment ${i}` }),
    });
    expect(res.status).toBe(201);
  }
  expect((await fetch(`${baseUrl}/api/admin/regenerate`, { method: 'POST', headers, body: '{}' })).status).toBe(200);
});

describe('the internal places, as staff see them', () => {
  it.each(INTERNAL)('$path shows its data with the admin token', async ({ path, marker }) => {
    const res = await raw(path, { authorization: `Bearer ${adminToken}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain(marker);
  });
});

describe.each(Object.entries(FORGED))('odd spellings with %s', (_name, headers) => {
  it.each(SPELLINGS)('%s reveals nothing', async (path) => {
    let reply = await raw(path, headers);
    // A redirect to the canonical path is fine if that path refuses too: follow it on this site.
    for (let hops = 0; hops < 3 && reply.status >= 300 && reply.status < 400 && !reply.location?.startsWith('/login'); hops++) {
      const next = new URL(reply.location!, baseUrl);
      expect(next.origin).toBe(new URL(baseUrl).origin);
      reply = await raw(`${next.pathname}${next.search}`, headers);
    }
    expect([302, 400, 401, 404]).toContain(reply.status);
    if (reply.status === 302) expect(reply.location).toMatch(/^\/login\?next=/);
    expect(leaks(reply.body)).toBe(false);
  });

  it.each(INTERNAL.map((i) => i.path))('%s itself is refused', async (path) => {
    const reply = await raw(path, headers);
    expect([302, 401]).toContain(reply.status);
    expect(leaks(reply.body)).toBe(false);
  });
});

describe('a page is internal unless listed as public', () => {
  /** Every page file as Astro's route pattern (src/pages/results/[survey]/index.astro → /results/[survey]). */
  const pages = readdirSync(new URL('../../src/pages', import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.astro'))
    .map((file) => `/${file.replace(/\.astro$/, '').replace(/(^|\/)index$/, '')}`.replace(/\/$/, '') || '/');
  const sample = (pattern: string) =>
    pattern.replace('[locale]', 'sv').replace('[survey]', 'demo').replace('[token]', 'x'.repeat(22)).replace('[...score]', '7').replace('[ref]', '0123456789abcdef');

  it('knows the pages', () => {
    expect(pages).toContain('/results/[survey]/comments');
    for (const route of PUBLIC_ROUTES) if (!['/404', '/500'].includes(route)) expect(pages).toContain(route);
  });

  it('refuses every other page to a caller without credentials, before the page loads anything', async () => {
    const internal = pages.filter((p) => !PUBLIC_ROUTES.has(p));
    expect(internal.length).toBeGreaterThanOrEqual(3);
    for (const pattern of internal) {
      const reply = await raw(sample(pattern), { accept: 'application/json' });
      expect({ pattern, status: reply.status }).toEqual({ pattern, status: 401 });
      expect(leaks(reply.body)).toBe(false);
    }
  });

  it('an unknown survey under /results is refused, not described, to an outsider', async () => {
    const reply = await raw('/results/no-such-survey/comments', { accept: 'application/json' });
    expect(reply.status).toBe(401);
  });
});
