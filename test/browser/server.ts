import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { ensureDevVars, serve } from '../../.ci/local.mjs';
import { chromiumPath } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminToken: string;
    chromium: boolean;
  }
}

/**
 * The built Worker (npm test builds first) through Miniflare on a free port with an empty local D1:
 * the browser tests drive it in Chromium, the site tests (test/site) send it raw HTTP as an
 * attacker would.
 */
export default async function setup(project: TestProject) {
  const chromium = !!chromiumPath();
  if (!chromium) {
    const message = 'Chromium not found (apt-get install chromium): browser tests are skipped.';
    if (process.env.CI) throw new Error(message);
    console.warn(`\n  ${message}\n`);
  }
  const persistTo = mkdtempSync(`${tmpdir()}/nps-browser-`);
  const { token } = ensureDevVars();
  const { url, stop } = await serve({ persistTo });
  project.provide('baseUrl', url);
  project.provide('adminToken', token);
  project.provide('chromium', chromium);
  return async () => {
    await stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
