import { Hono } from 'hono';
import { regenerate } from '../jobs/rollup';
import { rollupStatus } from '../db/rollups';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';

/** Runs the scheduled rollup now, e.g. right after an import. */
export const regenerateRoute = new Hono<AppEnv>().post('/api/admin/regenerate', requireAdmin, async (c) => {
  const report = await regenerate(c.env.DB);
  return c.json({ ...report, dataAsOf: (await rollupStatus(c.env.DB)).dataAsOf });
});
