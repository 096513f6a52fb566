/** Who may see the internal site and call the admin API, and how everyone else is refused. */
import type { MiddlewareHandler } from 'hono';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { AppEnv } from '../app';
import { verifyAccessJwt } from './access';
import { deriveSessionSecret, SESSION_COOKIE, verifySession } from './session';
import { CREDENTIALS_REQUIRED } from '../api/problems';

// The same check serves the Hono routes (requireStaff, requireAdmin) and the Astro pages
// (src/middleware.ts), so a page and a route can never disagree about who is let in.

/**
 * Three ways in, checked in order: Cloudflare Access in front (its signed JWT, when
 * ACCESS_TEAM_DOMAIN and ACCESS_AUD are set), `Authorization: Bearer <ADMIN_TOKEN>` for
 * scripts, and the signed cookie of the login form.
 */
export type Identity = { via: 'access' | 'token' | 'session'; sub: string };

/** The bindings the check reads: the same in a Hono context and in `cloudflare:workers`. */
export type StaffEnv = Partial<Pick<Env, 'ADMIN_TOKEN' | 'ACCESS_TEAM_DOMAIN' | 'ACCESS_AUD'>>;

/** Equal-length digests compared in constant time: no byte-at-a-time guessing from timings. */
async function sameSecret(given: string, expected: string) {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= x[i]! ^ y[i]!;
  return difference === 0;
}

export async function identify(headers: Headers, env: StaffEnv): Promise<Identity | null> {
  const { ACCESS_TEAM_DOMAIN, ACCESS_AUD, ADMIN_TOKEN } = env;
  const jwt = headers.get('cf-access-jwt-assertion');
  if (jwt && ACCESS_TEAM_DOMAIN && ACCESS_AUD) {
    const user = await verifyAccessJwt(jwt, { teamDomain: ACCESS_TEAM_DOMAIN, audience: ACCESS_AUD });
    if (user) return { via: 'access', sub: user.email ?? user.sub };
  }
  if (!ADMIN_TOKEN) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  if (bearer !== undefined) return (await sameSecret(bearer, ADMIN_TOKEN)) ? { via: 'token', sub: 'admin-token' } : null;
  const cookie = parseCookies(headers.get('cookie') ?? '', SESSION_COOKIE)[SESSION_COOKIE];
  const session = await verifySession(await deriveSessionSecret(ADMIN_TOKEN), cookie);
  return session ? { via: 'session', sub: session.sub } : null;
}

export function isAdminToken(given: string, expected: string | undefined) {
  return expected ? sameSecret(given, expected) : Promise.resolve(false);
}

/** Internal replies are never indexed and never kept by a shared cache. */
export const INTERNAL_HEADERS: Readonly<Record<string, string>> = { 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'private, no-store' };

export function markInternal(res: Response): Response {
  for (const [name, value] of Object.entries(INTERNAL_HEADERS)) res.headers.set(name, value);
  return res;
}

/** The internal site's refusal: a browser goes to the login form, a script gets 401; no data either way. */
export function refuseStaff(request: Request): Response {
  const url = new URL(request.url);
  const headers = new Headers(INTERNAL_HEADERS);
  if ((request.headers.get('accept') ?? '').includes('text/html')) {
    headers.set('Location', `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    return new Response(null, { status: 302, headers });
  }
  return unauthorized(headers);
}

/** The one 401: JSON naming the header to send, and no data. */
function unauthorized(headers = new Headers()) {
  headers.set('Content-Type', 'application/json');
  headers.set('WWW-Authenticate', 'Bearer realm="nps"');
  return new Response(JSON.stringify(CREDENTIALS_REQUIRED), { status: 401, headers });
}

/** Admin API: 401 JSON without credentials. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (await identify(c.req.raw.headers, c.env)) return next();
  return unauthorized();
};

/** Internal routes the Worker answers itself (the results exports). */
export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await identify(c.req.raw.headers, c.env))) return refuseStaff(c.req.raw);
  await next();
  markInternal(c.res);
};
