/**
 * Who may open a page, decided on the route Astro matched (not on the raw URL): every page is
 * internal unless its route pattern is listed in PUBLIC_ROUTES, so a new page is closed by default.
 */
import { defineMiddleware } from 'astro:middleware';
import { env } from 'cloudflare:workers';
import { identify, markInternal, refuseStaff } from '@functions/auth/staff';
import { PUBLIC_ROUTES } from './public-routes';

export const onRequest = defineMiddleware(async (context, next) => {
  if (PUBLIC_ROUTES.has(context.routePattern)) return next();
  // A prerendered page is a static file anyone can fetch: an internal one must not be built.
  if (context.isPrerendered) {
    throw new Error(`${context.routePattern} is internal: render it on demand (export const prerender = false) or list it in PUBLIC_ROUTES`);
  }
  if (!(await identify(context.request.headers, env))) return refuseStaff(context.request);
  return markInternal(await next());
});
