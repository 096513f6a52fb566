import { Hono } from 'hono';
import { D1_QUERIES_PER_INVOCATION, regenerate } from '../jobs/rollup';
import { dataAsOf } from '../db/rollups';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';

/** Runs the scheduled rollup now, e.g. right after an import; call again until caughtUp. */
export const regenerateRoute = new Hono<AppEnv>().post('/api/admin/regenerate', requireAdmin, async (c) => {
  // One query of this invocation reads "data as of" afterwards.
  const report = await regenerate(c.env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - 1 });
  return c.json({ ...report, dataAsOf: await dataAsOf(c.env.DB) });
});
