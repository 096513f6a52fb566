/** POST /api/contacts/outcomes: the CRM reports what became of each contact (churned, renewed, revenue). */
import { Hono } from 'hono';
import { outcomeRequestSchema, outcomeResultSchema } from '@/schemas/outcome';
import { recordOutcomes } from '../db/outcomes';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { isBody, limitBody, MAX_INVITATION_BYTES, readBody } from './body';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, problemReply } from './describe';

const describeOutcomes = describeRoute({
  summary: 'Report up to 1,000 outcomes (churned, renewed, revenue); idempotent per contact, type and day',
  security: ADMIN_ONLY,
  requestBody: { required: true, content: json(component('OutcomeRequest', outcomeRequestSchema)) },
  responses: {
    200: { description: 'How many were stored; outcomes of unknown contacts are listed and skipped', content: json(component('OutcomeResult', outcomeResultSchema, 'output')) },
    400: problemReply('Invalid; nothing stored'),
    401: problemReply('No or wrong admin token'),
  },
});

/** Mounted at /api/contacts. An invalid outcome refuses the whole call; an unknown contact only its own row. */
export const outcomes = new Hono<AppEnv>().post('/outcomes', describeOutcomes, requireAdmin, limitBody(MAX_INVITATION_BYTES), async (c) => {
  const body = await readBody(c);
  if (!isBody(body)) return body;
  const parsed = outcomeRequestSchema.safeParse(body.fields);
  if (!parsed.success) return problem(c, 400, 'Invalid outcomes', issuesOf(parsed.error));
  const result = await recordOutcomes(c.env.DB, parsed.data.outcomes);
  return c.json({
    recorded: result.recorded,
    unknown: result.unknown.map((i) => ({ path: `outcomes.${i}.contact`, contact: parsed.data.outcomes[i]!.contact })),
  });
});
