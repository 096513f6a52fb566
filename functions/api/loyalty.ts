/** GET /api/reports/loyalty: churn and revenue by category for the contacts whose latest answer falls in a period. */
import { Hono } from 'hono';
import { loyaltyQuerySchema, type LoyaltyQuery } from '@/schemas/outcome';
import { cohortDays, loyaltyReport, type LoyaltyReport } from '@/report/loyalty';
import { addDays, dateOf, today } from '@/report/days';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { loyaltyFigures } from '../db/outcomes';
import { getSurvey } from '../surveys/catalog';
import { issuesOf, problem, unknownSurvey } from './problems';
import { ADMIN_ONLY, describeRoute, problemReply, queryParams } from './describe';

const describeLoyalty = describeRoute({
  summary: 'Churn rate (with 95% Wilson intervals) and revenue per contact, by category, for a cohort of answers',
  security: ADMIN_ONLY,
  parameters: queryParams(loyaltyQuerySchema),
  responses: {
    200: { description: 'The loyalty report' },
    400: problemReply('Invalid query'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

/** The report for a validated query (the API and the /results/loyalty page): one D1 round trip. */
export async function loyaltyOf(db: D1Database, query: LoyaltyQuery): Promise<LoyaltyReport | 'unknown survey'> {
  if (query.survey !== undefined && !getSurvey(query.survey)) return 'unknown survey';
  const days = cohortDays(query.months, today(), query.from, query.to);
  const rows = await loyaltyFigures(db, {
    survey: query.survey ?? '',
    from: dateOf(days.from).getTime(),
    to: dateOf(addDays(days.to, 1)).getTime(),
    months: query.months,
  });
  return loyaltyReport(rows, { survey: query.survey ?? null, months: query.months, ...days });
}

/** Mounted at /api/reports. */
export const loyalty = new Hono<AppEnv>().get('/loyalty', describeLoyalty, requireAdmin, async (c) => {
  const parsed = loyaltyQuerySchema.safeParse(c.req.query());
  if (!parsed.success) return problem(c, 400, 'Invalid loyalty query', issuesOf(parsed.error));
  const report = await loyaltyOf(c.env.DB, parsed.data);
  if (report === 'unknown survey') return unknownSurvey(c, parsed.data.survey!);
  return c.json(report);
});
