/** Astro behind the API (static pages through ASSETS, on-demand pages rendered): functions/worker.ts imports it on the first request the API does not answer. */
import { cf } from '@astrojs/cloudflare/hono';
import { astro, getFetchState } from 'astro/hono';
import type { MiddlewareHandler } from 'hono';

const assets = cf();
const pages = astro();

/**
 * cf() then astro(), as two app.use() calls would run them. Pages are rendered to one string, not
 * streamed: every page here is read whole anyway (the results pages by the page cache), and
 * streaming costs CPU per chunk.
 */
export const astroPages: MiddlewareHandler = (c, next) =>
  assets(c, async () => {
    getFetchState(c).streaming = false;
    const res = await pages(c, next);
    if (res) c.res = res;
  });
