/** POST and GET /api/surveys/<survey>/waves: start a wave of a relationship survey now, and list its waves with their counts. */
import { Hono } from 'hono';
import { waveListSchema, waveSchema } from '@/schemas/wave';
import { listWaves, startWave, waveOf } from '../db/waves';
import { surveyParam, type SurveyEnv } from '../http/survey';
import { requireAdmin } from '../auth/staff';
import { closedSurvey, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply } from './describe';

const describeStart = describeRoute({
  summary: 'Starts a wave now: every contact with an e-mail is invited by the Cron run, 500 a run, and reminded once',
  security: ADMIN_ONLY,
  parameters: [pathParam('survey')],
  responses: {
    201: { description: 'The wave, before its first batch', content: json(component('Wave', waveSchema, 'output')) },
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
    409: problemReply('The survey declares no waves (or is transactional), or its last wave is still sending'),
    410: problemReply('The survey is closed'),
  },
});

const describeList = describeRoute({
  summary: 'The survey\'s waves, newest first: invited, sent, answered, reminded and skipped',
  security: ADMIN_ONLY,
  parameters: [pathParam('survey')],
  responses: {
    200: { description: 'The waves', content: json(component('WaveList', waveListSchema, 'output')) },
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

/** Mounted at /api/surveys. */
export const wavesApi = new Hono<SurveyEnv>()
  .post('/:survey/waves', describeStart, requireAdmin, surveyParam(), async (c) => {
    const survey = c.var.survey;
    if (survey.status === 'closed') return closedSurvey(c);
    if (survey.kind !== 'relationship' || !survey.waves) {
      const message = survey.kind !== 'relationship' ? 'is transactional: it follows its touchpoints, never a wave' : 'declares no `waves` in its file';
      return problem(c, 409, 'No waves for this survey', [{ path: 'survey', code: 'survey.kind', message }]);
    }
    const row = await startWave(c.env.DB, survey.id, { due: 'api', origin: c.env.PUBLIC_URL || new URL(c.req.url).origin });
    if (!row) return problem(c, 409, 'A wave is still sending', [{ path: 'survey', code: 'wave.sending', message: 'its last wave is still inviting its contacts: start the next when it has finished' }]);
    return c.json(waveOf(row), 201);
  })
  .get('/:survey/waves', describeList, requireAdmin, surveyParam(), async (c) => {
    const waves = await listWaves(c.env.DB, c.var.survey.id);
    return c.json({ waves: waves.map((w) => w.wave) });
  });
