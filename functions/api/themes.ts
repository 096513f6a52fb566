/** GET /api/surveys/<survey>/themes: theme impact ("points at stake") for a period and a segment, from the rollups. */
import { Hono } from 'hono';
import { countsFromScores } from '@/nps/interval';
import { EARLIEST_DAY, parsePeriod, today } from '@/report/days';
import { histogramOf } from '@/report/histogram';
import { answerDays, splitByMonths } from '@/report/period-split';
import { pathKey } from '@/report/segments';
import { themeImpact } from '@/report/theme-impact';
import { themesQuerySchemaFor, themesReplySchema } from '@/schemas/themes';
import { scoreTotals, themeCounts } from '../db/results';
import { surveyParam, type SurveyEnv } from '../http/survey';
import { requireAdmin } from '../auth/staff';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply, segmentFilterParam } from './describe';

const describeThemes = describeRoute({
  summary: 'Theme impact: comments per theme by category and the NPS points at stake, ranked',
  security: ADMIN_ONLY,
  parameters: [
    pathParam('survey'),
    ...['from', 'to'].map((name) => ({ name, in: 'query' as const, required: false, schema: { type: 'string' as const, format: 'date' } })),
    segmentFilterParam('a node of the organisation, top down: department=Support, then function=Tier 1 …'),
  ],
  responses: {
    200: { description: 'Themes, most points at stake first', content: json(component('Themes', themesReplySchema, 'output')) },
    400: problemReply('Invalid filter'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

/** Mounted at /api/surveys. Two reads of the rollups (answers, then comments per theme), never of the responses. */
export const themes = new Hono<SurveyEnv>().get('/:survey/themes', describeThemes, requireAdmin, surveyParam(), async (c) => {
  const survey = c.var.survey;
  const parsed = themesQuerySchemaFor(survey).safeParse(c.req.query());
  if (!parsed.success) return problem(c, 400, 'Invalid filter', issuesOf(parsed.error));
  const query = parsed.data as Record<string, string | undefined>;
  const period = parsePeriod(new URLSearchParams({ from: query.from ?? EARLIEST_DAY, to: query.to ?? today() }), today());
  if ('error' in period) return problem(c, 400, 'Invalid filter', [{ path: 'from', code: 'invalid', message: period.error }]);
  const path = survey.segments.map((dimension) => query[dimension]).filter((value): value is string => value !== undefined);
  const key = pathKey(path);
  const split = splitByMonths(period, answerDays(today()));
  const [scores, rows] = await Promise.all([scoreTotals(c.env.DB, survey.id, key, split), themeCounts(c.env.DB, survey.id, key, split)]);
  // The schema keeps the published fields only (zod drops the rest: shares, over-representation).
  return c.json(themesReplySchema.parse(themeImpact(countsFromScores(histogramOf(scores)), rows)));
});
