import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { ensureDevVars, migrate, serve } from '../../.ci/local.mjs';
import { chromiumPath } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminToken: string;
  }
}

/** The built Worker (npm test builds first) on its own port with an empty local D1. */
export default async function setup(project: TestProject) {
  if (!chromiumPath()) {
    const message = 'Chromium not found (apt-get install chromium): browser tests are skipped.';
    if (process.env.CI) throw new Error(message);
    console.warn(`\n  ${message}\n`);
    project.provide('baseUrl', '');
    project.provide('adminToken', '');
    return;
  }
  const persistTo = mkdtempSync(`${tmpdir()}/nps-browser-`);
  const { token } = ensureDevVars();
  migrate(persistTo, { quiet: true });
  const port = 8800 + Math.floor(Math.random() * 100);
  const { child, url } = await serve({ port, persistTo, quiet: true });
  project.provide('baseUrl', url);
  project.provide('adminToken', token);
  return () => {
    child.kill('SIGINT');
    rmSync(persistTo, { recursive: true, force: true });
  };
}
