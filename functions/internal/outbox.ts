/** The outbox's mail preview, /results/outbox/<id>/mail: the mail's HTML alone, sandboxed, for the message page's frame. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app';
import { requireStaff } from '../auth/staff';
import { CONTENT_SECURITY_POLICY, cspHeader } from '../http/csp';
import { readMail } from '../mail/outbox';

/**
 * The mail is shown as a mail client would: its inline styles apply, nothing in it runs (CSP
 * `sandbox`, no scripts, an opaque origin), it loads nothing but inline images, and only this
 * site may frame it. Its links open in a new tab, out of the sandbox, as from a mail client.
 */
const PREVIEW_POLICY = cspHeader({
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ['data:'],
  formAction: ["'none'"],
  frameAncestors: ["'self'"],
  sandbox: ['allow-popups', 'allow-popups-to-escape-sandbox'],
});
/** The message page may frame its preview (and nothing else: the site's policy plus frame-src 'self'). */
const MESSAGE_PAGE_POLICY = cspHeader({ ...CONTENT_SECURITY_POLICY, frameSrc: ["'self'"] });

/**
 * Registered before secureHeaders (functions/app.ts), so it runs after it on the way out: it
 * replaces the site's policy on these two kinds of page only.
 */
export const outboxFraming: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.ok) return;
  if (/^\/results\/outbox\/[^/]+\/mail$/.test(c.req.path)) {
    c.res.headers.set('Content-Security-Policy', PREVIEW_POLICY);
    c.res.headers.set('X-Frame-Options', 'SAMEORIGIN');
  } else if (/^\/results\/outbox\/[^/]+$/.test(c.req.path)) {
    c.res.headers.set('Content-Security-Policy', MESSAGE_PAGE_POLICY);
  }
};

/** Mounted at /results. */
export const outboxPreview = new Hono<AppEnv>().get('/outbox/:id/mail', requireStaff, async (c) => {
  const mail = await readMail(c.env.DB, c.req.param('id'), c.env.PUBLIC_URL || new URL(c.req.url).origin);
  if (!mail) return c.text('No such mail', 404);
  return c.html(mail.html.replace('<head>', '<head>\n<base target="_blank">'));
});
