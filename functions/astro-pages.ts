/** Astro behind the API (static pages through ASSETS, on-demand pages rendered): functions/worker.ts imports it on the first request the API does not answer. */
import { cf } from '@astrojs/cloudflare/hono';
import { astro, getFetchState } from 'astro/hono';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app';

const assets = cf();
const pages = astro();

/**
 * cf() then astro(), as two app.use() calls would run them. Pages are rendered to one string, not
 * streamed: every page here is read whole anyway (the results pages by the page cache), and
 * streaming costs CPU per chunk. What the page cache's lookup read on a miss goes to the page as
 * Astro.locals.lookedUp (functions/astro-locals.d.ts).
 */
export const astroPages: MiddlewareHandler<AppEnv> = (c, next) =>
  assets(c, async () => {
    const state = getFetchState(c);
    state.streaming = false;
    state.locals.lookedUp = c.get('lookedUp');
    const res = await pages(c, next);
    if (res) c.res = res;
  });
