/** The login form for the results site (/login, /logout): the admin token in, a signed session cookie out. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app';
import { deriveSessionSecret, SESSION_COOKIE, SESSION_TTL_MS, sessionCookieOptions, signSession } from '../auth/session';
import { isAdminToken } from '../auth/staff';
import { limitBody, MAX_ANSWER_BYTES } from '../api/body';
import { page } from '../api/html';
import { canonicalPath } from '../http/canonical-path';

const HOME = '/results/';

/**
 * Where to go after signing in: `next` resolved against this site's own origin, kept only when
 * it stays on that origin with a canonical path; anything else (another host, `/\t/evil.example`,
 * a newline, odd spellings) goes to the results overview. Never an open redirect.
 */
export function safeNext(value: string | undefined, origin: string) {
  if (!value || /[\x00-\x1f\x7f\\]/.test(value)) return HOME;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return HOME;
  }
  if (url.origin !== origin || !canonicalPath(url.pathname).ok) return HOME;
  return `${url.pathname}${url.search}`;
}

function loginPage(next: string, failed: boolean) {
  return page({
    lang: 'en',
    title: 'Sign in: NPS results',
    stylesheet: '/results.css',
    body: html`<main><div class="card">
<h1>NPS results</h1>
<p>The results are internal. Sign in with the admin token (in production, Cloudflare Access signs you in).</p>
${failed ? html`<p role="alert" class="down">That token is not right.</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="next" value="${next}">
<p><label>Admin token<br><input type="password" name="token" autocomplete="current-password" required></label></p>
<button type="submit">Sign in</button>
</form>
</div></main>`,
  });
}

/** The login form for simple and local deployments: the admin token buys a signed 8-hour cookie. */
export const login = new Hono<AppEnv>()
  .get('/login', (c) => {
    c.header('X-Robots-Tag', 'noindex, nofollow');
    return c.html(loginPage(safeNext(c.req.query('next'), new URL(c.req.url).origin), false));
  })
  .post('/login', limitBody(MAX_ANSWER_BYTES), async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' ? form.token : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined, new URL(c.req.url).origin);
    if (!c.env.ADMIN_TOKEN || !(await isAdminToken(token, c.env.ADMIN_TOKEN))) {
      return c.html(loginPage(next, true), 401);
    }
    const secret = await deriveSessionSecret(c.env.ADMIN_TOKEN);
    const value = await signSession(secret, { sub: 'admin', exp: Date.now() + SESSION_TTL_MS });
    setCookie(c, SESSION_COOKIE, value, sessionCookieOptions(new URL(c.req.url).protocol === 'https:'));
    return c.redirect(next, 303);
  })
  .post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
