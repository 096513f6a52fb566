/** GET /api/reports/not-contacted: answered contacts not touched for `days`, riskiest and longest untouched first. */
import { Hono } from 'hono';
import { notContactedQuerySchema, notContactedReplySchema } from '@/schemas/not-contacted';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { isRefusal, parseReportQuery, readReport } from '../http/not-contacted';
import { problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, problemReply, queryParams } from './describe';

const describeReport = describeRoute({
  summary: 'Contacts who answered and were not touched for `days` (never touched included): detractors, passives, promoters, each oldest touch first',
  security: ADMIN_ONLY,
  parameters: queryParams(notContactedQuerySchema),
  responses: {
    200: { description: 'One page of the report', content: json(component('NotContacted', notContactedReplySchema, 'output')) },
    400: problemReply('Invalid query'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

/** Mounted at /api/reports. */
export const reportsApi = new Hono<AppEnv>().get('/not-contacted', describeReport, requireAdmin, async (c) => {
  const query = parseReportQuery(new URL(c.req.url).searchParams);
  if (isRefusal(query)) return problem(c, query.status, query.error, query.issues);
  return c.json(await readReport(c.env.DB, query));
});
