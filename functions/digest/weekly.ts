/** The digest's Cron Trigger: a digest per open survey, written to D1 and put on the ALERTS queue per target. */
import { digestWeeks, shapeDigest, type DigestRows } from '@/digest/digest';
import { dayOf } from '@/report/days';
import type { Survey } from '@/schemas/survey';
import { weekThemes, openFollowUps, saveDigests, SAVE_QUERIES, weekTotals } from '../db/digest';
import { markUnsent } from '../db/deliveries';
import { randomToken } from '../db/ids';
import { listSurveys } from '../surveys/catalog';
import { alertTargets } from '../alerts/enqueue';
import type { DigestMessage } from '../alerts/deliver';

/** D1 queries of a run, whatever the number of surveys: three reads, the write, and marking a failed send. */
export const DIGEST_QUERIES = 3 + SAVE_QUERIES + 1;

/** Cloudflare Queues take at most 100 messages per sendBatch. */
const QUEUE_BATCH = 100;

/** The surveys a digest is written for: the open ones (a closed survey takes no answers to report). */
export const openSurveys = () => listSurveys().filter((survey) => survey.status === 'open');

/**
 * One run: every open survey gets its digest, an empty week too (it says so). A second run in the
 * same week writes and sends nothing. If the queue is down, the deliveries are recorded dead with
 * the reason, and wait on /results/alerts for a retry: the digest is never lost in silence.
 */
export async function runWeeklyDigest(env: Env, now = Date.now(), surveys: Survey[] = openSurveys()) {
  if (surveys.length === 0) return { written: 0, sent: 0 };
  const day = dayOf(now);
  const { period, previousPeriod } = digestWeeks(day);
  const ids = surveys.map((s) => s.id);
  const [totals, themes, followUps] = await Promise.all([
    weekTotals(env.DB, ids, previousPeriod, period),
    weekThemes(env.DB, ids, previousPeriod, period),
    openFollowUps(env.DB, ids),
  ]);
  const origin = env.PUBLIC_URL || '';
  const digests = surveys.map((survey) => {
    const rows: DigestRows = {
      current: totals.filter((r) => r.survey === survey.id && r.current === 1),
      previous: totals.filter((r) => r.survey === survey.id && r.current === 0),
      themes: themes.filter((r) => r.survey === survey.id),
      followUps: followUps.find((r) => r.survey === survey.id) ?? { open: 0, oldestAt: null, oldestRef: null },
    };
    return { id: randomToken(), survey: survey.id, body: shapeDigest(survey, rows, now, origin) };
  });
  const targets = alertTargets(env);
  const written = await saveDigests(env.DB, digests, period.to, targets, now);
  const messages = written.flatMap((digest) => targets.map((target) => ({ body: { digest, target } satisfies DigestMessage })));
  try {
    for (let i = 0; i < messages.length; i += QUEUE_BATCH) await env.ALERTS.sendBatch(messages.slice(i, i + QUEUE_BATCH));
  } catch (error) {
    console.error('weekly digests not enqueued: recorded dead, for a retry on /results/alerts', error);
    await markUnsent(env.DB, 'digest', written, `not put on the queue: ${error instanceof Error ? error.message : String(error)}`, now);
  }
  return { written: written.length, sent: messages.length };
}
