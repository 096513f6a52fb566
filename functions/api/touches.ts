/** POST /api/contacts/touches: the CRM reports each call, meeting or case with a contact. */
import { Hono } from 'hono';
import { touchRequestSchema, touchResultSchema, type TouchResult } from '@/schemas/touch';
import { recordTouches } from '../db/touches';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { isBody, limitBody, MAX_TOUCH_BYTES, readBody } from './body';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, problemReply } from './describe';

const describeTouches = describeRoute({
  summary: 'Record up to 1,000 touches (calls, meetings, cases) with contacts; the same contact, time and channel again is a duplicate',
  security: ADMIN_ONLY,
  requestBody: { required: true, content: json(component('TouchRequest', touchRequestSchema)) },
  responses: {
    200: { description: 'Counts, and each touch whose contact is unknown (the others are recorded)', content: json(component('TouchResult', touchResultSchema, 'output')) },
    400: problemReply('Invalid: nothing is recorded'),
    401: problemReply('No or wrong admin token'),
    413: problemReply('Body over 1 MB'),
    415: problemReply('Not JSON'),
  },
});

/** Mounted at /api/contacts. */
export const touchesApi = new Hono<AppEnv>().post('/touches', describeTouches, requireAdmin, limitBody(MAX_TOUCH_BYTES), async (c) => {
  const body = await readBody(c);
  if (!isBody(body)) return body;
  // JSON only: a page on another site can post a form with the staff cookie, never JSON.
  if (body.format !== 'json') {
    return problem(c, 415, 'Unsupported content type', [{ path: 'Content-Type', code: 'body.unsupported_type', message: 'must be application/json' }]);
  }
  const parsed = touchRequestSchema.safeParse(body.fields, { reportInput: true });
  if (!parsed.success) return problem(c, 400, 'Invalid touches', issuesOf(parsed.error));
  const outcomes = await recordTouches(c.env.DB, parsed.data.touches);
  const touches = parsed.data.touches;
  return c.json({
    recorded: outcomes.recorded.length,
    duplicates: outcomes.duplicates.length,
    unknown: outcomes.unknown
      .sort((a, b) => a - b)
      .map((i) => ({ path: `touches.${i}.contact`, code: 'contact.unknown', message: `no contact "${touches[i]!.contact}"` })),
  } satisfies TouchResult);
});
