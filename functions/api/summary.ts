/** GET /api/surveys/<survey>/summary: counts and NPS for a period and segment filters. */
import { Hono } from 'hono';
import { periodBound, summaryQuerySchemaFor, type Summary } from '@/schemas/summary';
import { netPromoterScore } from '@/nps/score';
import { countCategories } from '../db/summary';
import { surveyParam, type SurveyEnv } from '../http/survey';
import { requireAdmin } from '../auth/staff';
import { issuesOf, problem } from './problems';

/** Mounted at /api/surveys. */
export const summary = new Hono<SurveyEnv>().get('/:survey/summary', requireAdmin, surveyParam(), async (c) => {
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
