import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { ensureDevVars, freePort, migrate, serve } from '../../.ci/local.mjs';

/** The built Worker with its real rate limit, on an empty local D1 (npm run build first). */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(`${tmpdir()}/nps-stress-`);
  const { token } = ensureDevVars();
  migrate(persistTo, { quiet: true });
  const { child, url } = await serve({ port: await freePort(), persistTo, quiet: true });
  project.provide('baseUrl', url);
  project.provide('adminToken', token);
  return () => {
    child.kill('SIGINT');
    rmSync(persistTo, { recursive: true, force: true });
  };
}
