/** Astro behind the API (static pages through ASSETS, on-demand pages rendered): functions/worker.ts imports it on the first request the API does not answer. */
import { cf } from '@astrojs/cloudflare/hono';
import { astro } from 'astro/hono';
import type { MiddlewareHandler } from 'hono';

const assets = cf();
const pages = astro();

/** cf() then astro(), as two app.use() calls would run them. */
export const astroPages: MiddlewareHandler = (c, next) =>
  assets(c, async () => {
    const res = await pages(c, next);
    if (res) c.res = res;
  });
