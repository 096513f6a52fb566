import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app';
import { verifyAccessJwt } from './access';
import { deriveSessionSecret, SESSION_COOKIE, verifySession } from './session';

/**
 * Who is asking for the internal site or the admin API. Three ways in, checked in order:
 * Cloudflare Access in front (its signed JWT, when ACCESS_TEAM_DOMAIN and ACCESS_AUD are set),
 * `Authorization: Bearer <ADMIN_TOKEN>` for scripts, and the signed cookie of the login form.
 */
export type Identity = { via: 'access' | 'token' | 'session'; sub: string };

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

export async function identify(c: Context<AppEnv>): Promise<Identity | null> {
  const { ACCESS_TEAM_DOMAIN, ACCESS_AUD, ADMIN_TOKEN } = c.env;
  const jwt = c.req.header('cf-access-jwt-assertion');
  if (jwt && ACCESS_TEAM_DOMAIN && ACCESS_AUD) {
    const user = await verifyAccessJwt(jwt, { teamDomain: ACCESS_TEAM_DOMAIN, audience: ACCESS_AUD });
    if (user) return { via: 'access', sub: user.email ?? user.sub };
  }
  if (!ADMIN_TOKEN) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer !== undefined) return (await sameSecret(bearer, ADMIN_TOKEN)) ? { via: 'token', sub: 'admin-token' } : null;
  const session = await verifySession(await deriveSessionSecret(ADMIN_TOKEN), getCookie(c, SESSION_COOKIE));
  return session ? { via: 'session', sub: session.sub } : null;
}

export function isAdminToken(given: string, expected: string | undefined) {
  return expected ? sameSecret(given, expected) : Promise.resolve(false);
}

/** Admin API: 401 JSON without credentials, and no data in the body. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (await identify(c)) return next();
  c.header('WWW-Authenticate', 'Bearer realm="nps"');
  return c.json({ error: 'Missing or wrong credentials', issues: [{ path: 'Authorization', message: 'must be "Bearer <ADMIN_TOKEN>"' }] }, 401);
};

/** The internal site: people without credentials are sent to the login form; nothing is indexed. */
const INTERNAL_HEADERS = { 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'private, no-store' };

export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (await identify(c)) {
    await next();
    for (const [name, value] of Object.entries(INTERNAL_HEADERS)) c.res.headers.set(name, value);
    return;
  }
  for (const [name, value] of Object.entries(INTERNAL_HEADERS)) c.header(name, value);
  const url = new URL(c.req.url);
  if ((c.req.header('accept') ?? '').includes('text/html')) {
    return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  }
  return c.json({ error: 'Missing or wrong credentials', issues: [] }, 401);
};
