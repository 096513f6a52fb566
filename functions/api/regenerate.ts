import { Hono } from 'hono';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from '../jobs/rollup';
import { rollupStatus } from '../db/rollups';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';

/** Runs the scheduled rollup now, e.g. right after an import; call again until caughtUp. */
export const regenerateRoute = new Hono<AppEnv>().post('/api/admin/regenerate', requireAdmin, async (c) => {
  // One query of this invocation reads the rollup's status afterwards.
  const report = await foldNewRows(c.env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - 1 });
  return c.json({ ...report, dataAsOf: (await rollupStatus(c.env.DB)).dataAsOf });
});
