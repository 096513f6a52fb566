/**
 * One spelling per path, before any routing: the Hono router, Astro's router and Cloudflare
 * Access in front must all agree on what `/results` is, so odd spellings are either rewritten
 * to the canonical path (a redirect) or refused.
 */
import type { MiddlewareHandler } from 'hono';

export type PathVerdict = { ok: true } | { ok: false; redirect: string } | { ok: false; refuse: string };

/** RFC 3986 unreserved characters: percent-encoding them only hides what the path says. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * The canonical form of a URL path as the WHATWG parser leaves it (`new URL(…).pathname`):
 * - refused: a backslash, a control or non-ASCII character, malformed percent-encoding, and
 *   percent-encoded `/`, `\`, `%` (a path that decodes differently once and twice) or controls;
 * - rewritten: percent-encoded unreserved characters are decoded, runs of slashes become one,
 *   and `.` and `..` segments are resolved (a `..` above the root is refused).
 */
export function canonicalPath(path: string): PathVerdict {
  if (!path.startsWith('/')) return { ok: false, refuse: 'the path must start with /' };
  if (/[^\x21-\x7e]/.test(path)) return { ok: false, refuse: 'the path holds a space, control or non-ASCII character' };
  if (path.includes('\\')) return { ok: false, refuse: 'the path holds a backslash' };
  let decoded = '';
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (char !== '%') {
      decoded += char;
      continue;
    }
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, refuse: 'the path holds malformed percent-encoding' };
    const byte = Number.parseInt(hex, 16);
    const plain = String.fromCharCode(byte);
    if (byte < 0x20 || byte === 0x7f || plain === '/' || plain === '\\' || plain === '%') {
      return { ok: false, refuse: `the path holds an encoded ${byte < 0x20 || byte === 0x7f ? 'control character' : `"${plain}"`}` };
    }
    decoded += UNRESERVED.test(plain) ? plain : `%${hex.toUpperCase()}`;
    i += 2;
  }
  try {
    decodeURIComponent(decoded);
  } catch {
    return { ok: false, refuse: 'the path is not valid UTF-8 once decoded' };
  }
  const trailingSlash = decoded.length > 1 && decoded.endsWith('/');
  const segments: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { ok: false, refuse: 'the path climbs above the root' };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  const canonical = `/${segments.join('/')}${segments.length > 0 && trailingSlash ? '/' : ''}`;
  return canonical === path ? { ok: true } : { ok: false, redirect: canonical };
}

/**
 * First in the Worker: a non-canonical path is redirected (308 keeps the method and body) to
 * its canonical form, or refused with 400, before the API or Astro sees it.
 */
export const canonicalPaths: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  const verdict = canonicalPath(url.pathname);
  if (verdict.ok) return next();
  if ('redirect' in verdict) {
    c.header('Cache-Control', 'no-store');
    return c.redirect(`${verdict.redirect}${url.search}`, 308);
  }
  return c.json({ error: 'Bad request path', issues: [{ path: 'url', code: 'url.invalid', message: verdict.refuse }] }, 400);
};
