import { Hono } from 'hono';
import { periodBound, summaryQuerySchemaFor, type Summary } from '../../src/schemas/summary';
import { netPromoterScore } from '../../src/nps/score';
import { getSurvey } from '../surveys/catalog';
import { countCategories } from '../db/summary';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { issuesOf, problem } from './problems';

export const summary = new Hono<AppEnv>().get('/api/surveys/:survey/summary', requireAdmin, async (c) => {
  const survey = getSurvey(c.req.param('survey'));
  if (!survey) return problem(c, 404, 'Unknown survey', [{ path: 'survey', code: 'survey.unknown', message: `no survey "${c.req.param('survey')}"` }]);
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
