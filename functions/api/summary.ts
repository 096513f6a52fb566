/** GET /api/surveys/<survey>/summary: counts and NPS for a period and segment filters. */
import { Hono } from 'hono';
import { periodBound, summaryQuerySchema, summaryQuerySchemaFor, summarySchema, type Summary } from '@/schemas/summary';
import { netPromoterScore } from '@/nps/score';
import { countCategories } from '../db/summary';
import { surveyParam, type SurveyEnv } from '../http/survey';
import { requireAdmin } from '../auth/staff';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply, queryParams, segmentFilterParam } from './describe';

const describeSummary = describeRoute({
  summary: 'Live NPS counts with optional period and segment filters',
  security: ADMIN_ONLY,
  parameters: [
    pathParam('survey'),
    ...queryParams(summaryQuerySchema),
    segmentFilterParam('any segment dimension of the survey, e.g. department=Support'),
  ],
  responses: {
    200: { description: 'Counts and NPS', content: json(component('Summary', summarySchema, 'output')) },
    400: problemReply('Invalid filter'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

/** Mounted at /api/surveys. */
export const summary = new Hono<SurveyEnv>().get('/:survey/summary', describeSummary, requireAdmin, surveyParam(), async (c) => {
  const survey = c.var.survey;
  const parsed = summaryQuerySchemaFor(survey).safeParse(c.req.query());
  if (!parsed.success) return problem(c, 400, 'Invalid filter', issuesOf(parsed.error));
  const { from, to, ...segments } = parsed.data as Record<string, string | undefined>;
  const counts = await countCategories(c.env.DB, survey.id, {
    from: periodBound(from, 'from'),
    to: periodBound(to, 'to'),
    segments: Object.fromEntries(Object.entries(segments).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  return c.json({ survey: survey.id, ...counts, nps: netPromoterScore(counts) } satisfies Summary);
});
