/** Cross-site request forgery: a staff change posted from a browser must come from this site. */
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';

const check = csrf();

/**
 * hono/csrf (Origin or Sec-Fetch-Site must be this site's) for whatever a browser could send with the
 * staff's cookies. A script's `Authorization: Bearer` is never sent by a browser on its own, so it
 * passes (requireAdmin/requireStaff, before this, has checked it).
 */
export const sameOrigin: MiddlewareHandler = (c, next) => (c.req.header('authorization') ? next() : check(c, next));
