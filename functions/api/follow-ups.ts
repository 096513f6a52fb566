/** The follow-up queue's admin API, for the CRM: GET /api/follow-ups, GET and PATCH /api/follow-ups/<ref>. */
import { Hono } from 'hono';
import { FOLLOW_UPS_MAX_PAGE, followUpChangeSchema, followUpListSchema, followUpSchema, followUpWithHistorySchema } from '@/schemas/follow-up';
import { followUpOf, historyOf } from '@/follow-ups/item';
import type { AppEnv } from '../app';
import { identify, requireAdmin } from '../auth/staff';
import { findFollowUpWithHistory } from '../db/follow-ups';
import { actorOf, changeFollowUp, isRef, UNKNOWN_REF } from '../follow-ups/change';
import { readQueue } from '../follow-ups/queue';
import { isBody, limitBody, MAX_ANSWER_BYTES, readBody } from './body';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply } from './describe';

const query = (name: string, description: string) => ({ name, in: 'query' as const, required: false, description, schema: { type: 'string' as const } });

const describeList = describeRoute({
  summary: 'The follow-up queue: detractors and passives with a comment, newest first',
  security: ADMIN_ONLY,
  parameters: [
    query('survey', 'a survey id'),
    query('status', 'new, contacted, resolved or no-action'),
    query('owner', 'exactly this owner'),
    query('due', 'due on or before this day, YYYY-MM-DD'),
    query('after', 'the `next` of the previous page'),
    query('limit', `items per page, 1 to ${FOLLOW_UPS_MAX_PAGE} (default ${FOLLOW_UPS_MAX_PAGE})`),
    {
      name: 'segment',
      in: 'query',
      required: false,
      style: 'deepObject',
      description: 'segment.<dimension>=<value>, e.g. segment.department=Support',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
    },
  ],
  responses: {
    200: { description: 'One page and the cursor of the next (null at the end)', content: json(component('FollowUpList', followUpListSchema, 'output')) },
    400: problemReply('Invalid filter'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Unknown survey'),
  },
});

const describeItem = describeRoute({
  summary: 'One follow-up with its history',
  security: ADMIN_ONLY,
  parameters: [pathParam('ref')],
  responses: {
    200: { description: 'The item and who changed what, oldest first', content: json(component('FollowUpWithHistory', followUpWithHistorySchema, 'output')) },
    401: problemReply('No or wrong admin token'),
    404: problemReply('No answer to follow up with this ref'),
  },
});

const describeChange = describeRoute({
  summary: 'Change a follow-up: status (new → contacted → resolved, or no-action), owner, a note, the due day',
  security: ADMIN_ONLY,
  parameters: [pathParam('ref')],
  requestBody: { required: true, content: json(component('FollowUpChange', followUpChangeSchema)) },
  responses: {
    200: { description: 'The item as changed', content: json(component('FollowUp', followUpSchema, 'output')) },
    400: problemReply('A field is invalid, or the body changes nothing'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('No answer to follow up with this ref'),
    409: problemReply('A move that makes no sense (reopening without a note), or the item changed meanwhile'),
  },
});

/** Mounted at /api/follow-ups. */
export const followUpsApi = new Hono<AppEnv>()
  .get('/', describeList, requireAdmin, async (c) => {
    const page = await readQueue(c.env.DB, new URL(c.req.url).searchParams, FOLLOW_UPS_MAX_PAGE);
    if ('issues' in page) return problem(c, page.status, page.status === 404 ? 'Unknown survey' : 'Invalid filter', page.issues);
    return c.json({ items: page.items, next: page.next });
  })
  .get('/:ref', describeItem, requireAdmin, async (c) => {
    const ref = c.req.param('ref');
    const found = isRef(ref) ? await findFollowUpWithHistory(c.env.DB, ref) : null;
    if (!found) return problem(c, 404, 'Unknown follow-up', [UNKNOWN_REF]);
    return c.json({ ...followUpOf(found.row), history: historyOf(found.history) });
  })
  .patch('/:ref', describeChange, requireAdmin, limitBody(MAX_ANSWER_BYTES), async (c) => {
    const body = await readBody(c);
    if (!isBody(body)) return body;
    const parsed = followUpChangeSchema.safeParse(body.fields, { reportInput: true });
    if (!parsed.success) return problem(c, 400, 'Invalid change', issuesOf(parsed.error));
    const identity = (await identify(c.req.raw.headers, c.env))!;
    const outcome = await changeFollowUp(c.env.DB, c.req.param('ref'), parsed.data, actorOf(identity));
    if (!outcome.ok) return problem(c, outcome.status, outcome.status === 404 ? 'Unknown follow-up' : 'Change refused', outcome.issues);
    return c.json(outcome.item);
  });
