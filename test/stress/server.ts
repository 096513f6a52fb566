import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { ensureDevVars, serve } from '../../.ci/local.mjs';

/** The built Worker through Miniflare with its real rate limit, on an empty local D1 (npm run build first). */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(`${tmpdir()}/nps-stress-`);
  const { token } = ensureDevVars();
  const { url, stop } = await serve({ persistTo });
  project.provide('baseUrl', url);
  project.provide('adminToken', token);
  return async () => {
    await stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
