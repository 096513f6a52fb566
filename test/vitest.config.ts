import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// `@/` is src/, as in tsconfig.json (Astro reads it from there).
const resolve = { alias: { '@/': `${root}src/`, '@functions/': `${root}functions/` } };

// Three projects: everything that runs inside workerd with real D1 (API, schemas, maths); the
// browser tests, which drive Debian's Chromium against the built Worker (test/browser), with the
// raw-HTTP site tests (test/site) and the local tooling on the build (test/local); and the
// minute-long load test (test/stress), run apart by `npm run test:stress`.
export default defineConfig({
  root,
  test: {
    projects: [
      {
        root,
        resolve,
        // The build's id (astro.config.mjs), which the rendered-page cache keys pages by.
        define: { __BUILD_ID__: JSON.stringify('test-build') },
        plugins: [
          cloudflareTest(async () => ({
            main: './test/support/api-worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: 'test-admin-token',
                SUPPRESSION_KEY: 'test-suppression-key',
                PUBLIC_URL: 'https://nps.example',
                TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`),
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/site/**', 'test/local/**', 'test/stress/**'],
          setupFiles: ['./test/support/apply-migrations.ts'],
        },
      },
      {
        root,
        resolve,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'test/site/**/*.test.ts', 'test/local/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/browser/server.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        root,
        resolve,
        test: {
          name: 'stress',
          include: ['test/stress/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/stress/server.ts'],
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
