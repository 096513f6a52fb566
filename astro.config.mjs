// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { cspHeader } from './functions/http/csp.ts';

/**
 * Static assets get the same Content-Security-Policy as the pages the Worker renders: one source
 * (functions/http/csp.ts), written into the built _headers file under its `/*` rule.
 */
const contentSecurityPolicy = {
  name: 'content-security-policy',
  hooks: {
    /** @param {{ dir: URL }} options */
    'astro:build:done': async ({ dir }) => {
      const file = new URL('_headers', dir);
      const text = await readFile(file, 'utf8');
      const rule = /^\/\*$/m;
      if (!rule.test(text)) throw new Error('public/_headers has no /* rule for the Content-Security-Policy');
      await writeFile(file, text.replace(rule, `/*\n  Content-Security-Policy: ${cspHeader()}`));
    },
  },
};

// One Worker serves everything: wrangler.toml's `main` (functions/worker.ts) puts the
// Hono API in front of Astro; survey pages are prerendered, results pages render on demand.
export default defineConfig({
  output: 'static',
  adapter: cloudflare({ imageService: 'passthrough' }),
  integrations: [contentSecurityPolicy],
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'never', format: 'directory' },
  devToolbar: { enabled: false },
  // A new id per build: the rendered-page cache (functions/http/page-cache.ts) never serves a page
  // an older build rendered, whatever changed (a survey file, the code).
  vite: { define: { __BUILD_ID__: JSON.stringify(randomUUID()) } },
  // No Astro sessions: the internal site signs its own cookie, so no KV namespace is needed.
  session: false,
});
