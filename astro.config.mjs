// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';

// One Worker serves everything: wrangler.toml's `main` (functions/worker.ts) puts the
// Hono API in front of Astro; survey pages are prerendered, results pages render on demand.
export default defineConfig({
  output: 'static',
  adapter: cloudflare({ imageService: 'passthrough' }),
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'never', format: 'directory' },
  devToolbar: { enabled: false },
  // No Astro sessions: the internal site signs its own cookie, so no KV namespace is needed.
  session: false,
});
