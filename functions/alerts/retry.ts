/** Sending a delivery that was not made again: the admin API (POST /api/alerts/<id>/retry, /api/digests/<id>/retry) and the retry button of /results/alerts. */
import { Hono, type Context } from 'hono';
import { ALERT_TARGETS, type AlertTarget } from '@/alerts/payload';
import { retryBodySchema, retryFormSchema, type DeliveryKind } from '@/schemas/delivery';
import type { AppEnv } from '../app';
import { requireAdmin, requireStaff } from '../auth/staff';
import { sameOrigin } from '../http/same-origin';
import { claimRetry, releaseRetry } from '../db/deliveries';
import { isBody, limitBody, MAX_ANSWER_BYTES, readBody } from '../api/body';
import { issuesOf, problem } from '../api/problems';
import { unavailable } from '../api/unavailable';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply } from '../api/describe';
import type { DeliveryMessage } from './deliver';

/** What became of a retry, per target: put on the queue, or the status that kept it off (null: no such delivery). */
type Outcome = { target: AlertTarget; queued: boolean; status: string | null };

/**
 * Claims each delivery (dead or retrying becomes 'queued'), then puts it on the ALERTS queue.
 * Claim first, so two presses send one message; a failed send gives the claim back as dead and throws.
 */
async function retry(env: Env, kind: DeliveryKind, id: string, targets: readonly AlertTarget[], origin: string, now = Date.now()) {
  const outcomes: Outcome[] = [];
  for (const target of targets) {
    const claim = await claimRetry(env.DB, kind, id, target, now);
    if (!claim?.claimed) {
      outcomes.push({ target, queued: false, status: claim?.status ?? null });
      continue;
    }
    const body: DeliveryMessage = kind === 'digest' ? { digest: id, target } : { alert: id, target, origin };
    try {
      await env.ALERTS.send(body);
    } catch (error) {
      await releaseRetry(env.DB, kind, id, target, `retry not put on the queue: ${error instanceof Error ? error.message : String(error)}`, now);
      throw error;
    }
    outcomes.push({ target, queued: true, status: 'queued' });
  }
  return outcomes;
}

const originOf = (c: Context<AppEnv>) => c.env.PUBLIC_URL || new URL(c.req.url).origin;

const noDelivery = (c: Context, kind: DeliveryKind) =>
  problem(c, 404, 'No such delivery', [{ path: 'id', code: 'invalid', message: `no ${kind} delivery with this id (and target)` }]);

const describeRetry = (kind: DeliveryKind) =>
  describeRoute({
    summary: `Send a dead or retrying ${kind} delivery again: back on the ALERTS queue, marked queued`,
    security: ADMIN_ONLY,
    parameters: [pathParam('id')],
    requestBody: { required: false, content: json(component('RetryBody', retryBodySchema)) },
    responses: {
      200: {
        description: 'What was put on the queue',
        content: json({ type: 'object', properties: { kind: { type: 'string' }, id: { type: 'string' }, retried: { type: 'array', items: { enum: [...ALERT_TARGETS] } } } }),
      },
      400: problemReply('Invalid body'),
      401: problemReply('No or wrong credentials'),
      404: problemReply('No delivery of this id (to this target)'),
      409: problemReply('Delivered, or on the queue already: nothing to retry'),
      503: problemReply('The queue or the database is unavailable'),
    },
  });

function apiRetry(kind: DeliveryKind) {
  return async (c: Context<AppEnv>) => {
    // No body (or an empty one): every target of the delivery.
    const raw = c.req.header('content-type') ? await readBody(c) : { format: 'json' as const, fields: {} };
    if (!isBody(raw)) return raw;
    const parsed = retryBodySchema.safeParse(raw.fields);
    if (!parsed.success) return problem(c, 400, 'Invalid body', issuesOf(parsed.error));
    const id = c.req.param('id')!;
    try {
      const outcomes = await retry(c.env, kind, id, parsed.data.target ? [parsed.data.target] : ALERT_TARGETS, originOf(c));
      const retried = outcomes.filter((o) => o.queued).map((o) => o.target);
      if (outcomes.every((o) => o.status === null)) return noDelivery(c, kind);
      if (retried.length === 0) {
        const states = outcomes.filter((o) => o.status !== null).map((o) => `${o.target}: ${o.status}`).join(', ');
        return problem(c, 409, 'Nothing to retry', [{ path: 'target', code: 'invalid', message: `only a dead or retrying delivery is sent again (${states})` }]);
      }
      return c.json({ kind, id, retried });
    } catch (error) {
      return unavailable(c, error);
    }
  };
}

/** Mounted at /api. Bearer token, or a staff session from this site (sameOrigin). */
export const retryApi = new Hono<AppEnv>()
  .post('/alerts/:id/retry', describeRetry('alert'), requireAdmin, sameOrigin, limitBody(MAX_ANSWER_BYTES), apiRetry('alert'))
  .post('/digests/:id/retry', describeRetry('digest'), requireAdmin, sameOrigin, limitBody(MAX_ANSWER_BYTES), apiRetry('digest'));

/** Where the button goes back to. */
export const DELIVERIES_PAGE = '/results/alerts';

/**
 * Mounted at /results/alerts: the page's retry button, a plain form post that works without
 * JavaScript. The session cookie is SameSite=Strict, and the Origin (or Sec-Fetch-Site) must be
 * this site's: a form on another site is refused 403 before anything is read.
 */
export const retryForm = new Hono<AppEnv>().post('/retry', requireStaff, sameOrigin, limitBody(MAX_ANSWER_BYTES), async (c) => {
  const form = await c.req.parseBody().catch(() => undefined);
  const parsed = retryFormSchema.safeParse(form ?? {});
  if (!parsed.success) return problem(c, 400, 'Invalid retry', issuesOf(parsed.error));
  const { kind, id, target } = parsed.data;
  try {
    const [outcome] = await retry(c.env, kind, id, [target], originOf(c));
    if (outcome!.status === null) return noDelivery(c, kind);
    // Delivered or queued meanwhile: the page shows it so.
    return c.redirect(DELIVERIES_PAGE, 303);
  } catch (error) {
    return unavailable(c, error);
  }
});
