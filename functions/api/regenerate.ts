/** POST /api/admin/regenerate: one run of the rollup now (foldNewRows), e.g. right after an import. */
import { Hono } from 'hono';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from '../jobs/rollup';
import { rollupStatus } from '../db/rollups';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';

/** Mounted at /api/admin; call again until caughtUp. The path stays /regenerate: scripts call it. */
export const regenerateRoute = new Hono<AppEnv>().post('/regenerate', requireAdmin, async (c) => {
  // One query of this invocation reads the rollup's status afterwards.
  const report = await foldNewRows(c.env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - 1 });
  return c.json({ ...report, dataAsOf: (await rollupStatus(c.env.DB)).dataAsOf });
});
