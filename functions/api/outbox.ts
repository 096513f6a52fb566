/** GET /api/outbox and /api/outbox/<id>: every mail the Worker sent or will send, and one as it renders. */
import { Hono } from 'hono';
import { outboxListSchema, outboxMailSchema, outboxQuerySchema } from '@/schemas/outbox';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { readMail, readOutbox } from '../mail/outbox';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply, queryParams } from './describe';

const describeList = describeRoute({
  summary: 'The outbox, newest first, 50 a page: each mail\'s recipient, subject, status, time and error',
  security: ADMIN_ONLY,
  parameters: queryParams(outboxQuerySchema),
  responses: {
    200: { description: 'One page; follow `next` (as ?after=) until it is null', content: json(component('OutboxList', outboxListSchema, 'output')) },
    400: problemReply('Invalid filter'),
    401: problemReply('No or wrong admin token'),
  },
});

const describeOne = describeRoute({
  summary: 'One mail of the outbox with its HTML and text, as it renders',
  security: ADMIN_ONLY,
  parameters: [pathParam('id')],
  responses: {
    200: { description: 'The mail', content: json(component('OutboxMail', outboxMailSchema, 'output')) },
    401: problemReply('No or wrong admin token'),
    404: problemReply('No such mail'),
  },
});

/** Mounted at /api/outbox. */
export const outboxApi = new Hono<AppEnv>()
  .get('/', describeList, requireAdmin, async (c) => {
    const parsed = outboxQuerySchema.safeParse(c.req.query());
    if (!parsed.success) return problem(c, 400, 'Invalid filter', issuesOf(parsed.error));
    return c.json(await readOutbox(c.env.DB, parsed.data));
  })
  .get('/:id', describeOne, requireAdmin, async (c) => {
    const mail = await readMail(c.env.DB, c.req.param('id'), c.env.PUBLIC_URL || new URL(c.req.url).origin);
    if (!mail) return problem(c, 404, 'No such mail', [{ path: 'id', code: 'invalid', message: 'no mail with this id' }]);
    return c.json(mail);
  });
