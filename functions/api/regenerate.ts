/** POST /api/admin/regenerate: one run of the rollup now (foldNewRows), e.g. right after an import. */
import { Hono } from 'hono';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from '../jobs/rollup';
import { ROLLUP_BUDGET_VAR, readRollupBudget, RollupBudgetError } from '../jobs/rollup-budget';
import { rollupStatus } from '../db/rollups';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { ADMIN_ONLY, describeRoute, json, problemReply } from './describe';

const describeRegenerate = describeRoute({
  summary: 'Run the scheduled rollup now: one run of at most 50 D1 queries and ROLLUP_ROWS_PER_RUN rows when set; call again until caughtUp',
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
    503: problemReply('ROLLUP_ROWS_PER_RUN holds a value the rollup cannot run with: nothing folded until it is fixed'),
  },
});

/** Mounted at /api/admin; call again until caughtUp. The path stays /regenerate: scripts call it. */
export const regenerateRoute = new Hono<AppEnv>().post('/regenerate', describeRegenerate, requireAdmin, async (c) => {
  // Within the Cron runs' budget: on Workers Free a larger run would be cut off at 10 ms of CPU, every time.
  const maxRows = readRollupBudget(c.env);
  if (maxRows instanceof RollupBudgetError) {
    console.error(maxRows.message);
    return c.json({ error: maxRows.message, issues: [{ path: ROLLUP_BUDGET_VAR, code: 'invalid' as const, message: maxRows.message }] }, 503);
  }
  // One query of this invocation reads the rollup's status afterwards.
  const report = await foldNewRows(c.env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - 1, maxRows });
  return c.json({ ...report, dataAsOf: (await rollupStatus(c.env.DB)).dataAsOf });
});
