/** POST /api/admin/regenerate: one run of the rollup now (foldNewRows), e.g. right after an import. */
import { Hono } from 'hono';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from '../jobs/rollup';
import { rollupStatus } from '../db/rollups';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { ADMIN_ONLY, describeRoute, json, problemReply } from './describe';

const describeRegenerate = describeRoute({
  summary: 'Run the scheduled rollup now: one run of at most 50 D1 queries; call again until caughtUp',
  security: ADMIN_ONLY,
  responses: {
    200: {
      description: 'What was folded',
      content: json({
        type: 'object',
        properties: {
          responses: { type: 'integer' },
          invitations: { type: 'integer' },
          setAside: {
            type: 'array',
            description: 'Rows this run set aside: they can never be folded (their data, or over D1 limits)',
            items: {
              type: 'object',
              properties: {
                stream: { enum: ['responses', 'invitations'] },
                id: { type: 'string' },
                survey: { type: 'string' },
                position: { type: 'integer' },
                reason: { type: 'string' },
              },
            },
          },
          caughtUp: { type: 'boolean' },
          dataAsOf: { type: ['integer', 'null'], description: 'ms since the epoch' },
        },
      }),
    },
    401: problemReply('No or wrong credentials'),
  },
});

/** Mounted at /api/admin; call again until caughtUp. The path stays /regenerate: scripts call it. */
export const regenerateRoute = new Hono<AppEnv>().post('/regenerate', describeRegenerate, requireAdmin, async (c) => {
  // One query of this invocation reads the rollup's status afterwards.
  const report = await foldNewRows(c.env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - 1 });
  return c.json({ ...report, dataAsOf: (await rollupStatus(c.env.DB)).dataAsOf });
});
