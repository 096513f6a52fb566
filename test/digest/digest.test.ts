import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestLines, digestSlackMessage, digestWebhookBody } from '@/digest/payload';
import { shapeDigest, type Digest } from '@/digest/digest';
import type { Survey } from '@/schemas/survey';
import { DIGEST_QUERIES, runWeeklyDigest } from '../../functions/digest/weekly';
import { undelivered } from '../../functions/db/deliveries';
import { getSurvey } from '../../functions/surveys/catalog';
import { countingD1 } from '../support/counting-d1';
import { drain, receiver, recordingQueue } from '../support/alert-queue';
import { admin, postJson, uniqueName } from '../support/api';
import { addScoreRow } from '../support/rollup-rows';
import { NEXT_REVISION } from '../../functions/db/responses';

const WEBHOOK = { ALERT_WEBHOOK_URL: 'https://hooks.example/nps', ALERT_WEBHOOK_SECRET: 'whsec-test' };
const SLACK = { SLACK_WEBHOOK_URL: 'https://hooks.slack.example/T000/B000/xyz' };
// Monday 07:00 UTC: the past 7 days are 16–22 November, the 7 before 9–15 November.
const MONDAY = Date.parse('2026-11-23T07:00:00Z');

/** A survey of its own (a unique id), with a goal for the whole survey. */
const surveyOf = (targets: Record<string, number> = { '': 30 }): Survey => ({ ...getSurvey('demo')!, id: uniqueName('digest'), targets });

/** Answers per score on a day; `commented`: how many of them per score have a comment. */
async function rollupDay(survey: string, day: string, scores: Record<number, number>, commented: Record<number, number> = {}, path = '[]') {
  for (const [score, answers] of Object.entries(scores)) {
    const row = { survey, segment_path: path, parent_path: path === '[]' ? null : '[]', level: path === '[]' ? 0 : 1, at: day };
    await addScoreRow(env.DB, 'rollup_days', { ...row, score: Number(score), answers, commented: commented[Number(score)] ?? 0 }).run();
  }
}

async function themeDay(survey: string, day: string, theme: string, category: string, comments: number) {
  await env.DB.prepare(`INSERT INTO rollup_themes (survey, segment_path, day, theme, category, comments) VALUES (?1, '[]', ?2, ?3, ?4, ?5)`)
    .bind(survey, day, theme, category, comments)
    .run();
}

/** An answer written as an import would (no rollup), with a follow-up in `status` when given. */
async function answerAt(survey: string, at: string, score: number, reason: string | null, followUp?: string) {
  const id = crypto.randomUUID();
  const category = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  const time = Date.parse(at);
  await env.DB.prepare(
    `INSERT INTO responses (id, survey, score, category, reason, locale, channel, created_at, updated_at, revision)
     VALUES (?1, ?2, ?3, ?4, ?5, 'en', 'link', ?6, ?6, ${NEXT_REVISION})`,
  )
    .bind(id, survey, score, category, reason, time)
    .run();
  const { ref } = (await env.DB.prepare('SELECT ref FROM responses WHERE id = ?').bind(id).first<{ ref: string }>())!;
  if (followUp) {
    await env.DB.prepare(`INSERT INTO follow_ups (response_id, ref, survey, status, due, updated_at) VALUES (?1, ?2, ?3, ?4, '2026-11-30', ?5)`)
      .bind(id, ref, survey, followUp, time)
      .run();
  }
  return ref;
}

/**
 * The week worked by hand: 6 promoters (4 × 10, 2 × 9), 2 passives (8), 2 detractors (3, 0): n = 10,
 * NPS = 100 × (6 − 2) / 10 = +40. Adjusted Wald: n' = 13, p' = 6.75/13, d' = 2.75/13, centre 0.30769,
 * variance 0.63609, margin 1.959964 × √(0.63609/13) = 0.43355: −12.6 to +74.1. The week before:
 * 1 promoter, 2 passives, 7 detractors: −60 (centre −0.46154, variance 0.51775), so
 * z = 0.76923 / √(0.63609/13 + 0.51775/13) = 2.58 > 1.96: a significant rise of 100 points.
 */
async function seedWeek(survey: string) {
  // With a comment: 8 answers of the week (6 + 2), all 10 of the week before.
  await rollupDay(survey, '2026-11-16', { 10: 4, 9: 2 }, { 10: 4, 9: 2 });
  await rollupDay(survey, '2026-11-22', { 8: 2, 3: 1, 0: 1 }, { 3: 1, 0: 1 });
  await rollupDay(survey, '2026-11-09', { 10: 1, 7: 2, 2: 7 }, { 10: 1, 7: 2, 2: 7 });
  // Outside both weeks, or below the whole survey: not counted.
  await rollupDay(survey, '2026-11-23', { 0: 5 }, { 0: 5 });
  await rollupDay(survey, '2026-11-08', { 10: 5 }, { 10: 5 });
  await rollupDay(survey, '2026-11-18', { 0: 9 }, { 0: 9 }, '["Support"]');
  // Detractors' themes of the week: service 4, delivery 3, price 2, billing 1; a promoters' and last week's do not count.
  for (const [theme, comments] of [['service', 4], ['delivery', 3], ['price', 2], ['billing', 1]] as const) await themeDay(survey, '2026-11-17', theme, 'detractor', comments);
  await themeDay(survey, '2026-11-17', 'quality', 'promoter', 6);
  await themeDay(survey, '2026-11-10', 'quality', 'detractor', 9);
  // Open follow-ups: untouched detractor (the oldest open), untouched commented passive, 'contacted',
  // 'new', and a promoter's (amended) still 'contacted': 5. Closed or not needing one: not counted.
  const oldest = await answerAt(survey, '2026-11-03T10:00:00Z', 2, null);
  await answerAt(survey, '2026-11-10T10:00:00Z', 7, 'slow');
  await answerAt(survey, '2026-11-20T10:00:00Z', 4, null, 'contacted');
  await answerAt(survey, '2026-11-21T10:00:00Z', 1, null, 'new');
  await answerAt(survey, '2026-11-15T10:00:00Z', 10, null, 'contacted');
  await answerAt(survey, '2026-10-01T10:00:00Z', 0, null, 'resolved');
  await answerAt(survey, '2026-10-15T10:00:00Z', 3, null, 'no-action');
  await answerAt(survey, '2026-10-02T10:00:00Z', 8, null);
  await answerAt(survey, '2026-10-03T10:00:00Z', 9, 'great');
  return { oldest };
}

const digestsOf = (survey: string) =>
  env.DB.prepare('SELECT id, week_to, body FROM digests WHERE survey = ?').bind(survey).all<{ id: string; week_to: string; body: string }>().then((r) => r.results);

afterEach(() => vi.restoreAllMocks());

describe('the weekly digest', () => {
  it('holds the hand-computed figures of the week, and reaches the webhook and Slack through the queue', async () => {
    const survey = surveyOf();
    const { oldest } = await seedWeek(survey.id);
    const queue = recordingQueue();
    const counting = countingD1(env.DB);
    const run = await runWeeklyDigest({ ...env, DB: counting.binding, ...queue, ...WEBHOOK, ...SLACK }, MONDAY, [survey]);
    expect(run).toEqual({ written: 1, sent: 2 });
    expect(counting.queries).toBeLessThanOrEqual(DIGEST_QUERIES);

    const [stored] = await digestsOf(survey.id);
    expect(stored!.week_to).toBe('2026-11-22');
    expect(queue.sent).toEqual([{ digest: stored!.id, target: 'slack' }, { digest: stored!.id, target: 'webhook' }]);

    const hook = receiver(WEBHOOK.ALERT_WEBHOOK_SECRET);
    const slack: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init as RequestInit);
      if (request.url === SLACK.SLACK_WEBHOOK_URL) return slack.push(await request.json()), new Response('ok');
      return hook.accept(request);
    });
    expect((await drain(queue.sent, { ...WEBHOOK, ...SLACK })).left).toBe(0);
    expect(hook.requests).toEqual([stored!.id]);
    const body = hook.bodies[0] as unknown as ReturnType<typeof digestWebhookBody>;
    expect(body).toMatchObject({
      type: 'digest.weekly',
      id: stored!.id,
      survey: survey.id,
      period: { from: '2026-11-16', to: '2026-11-22' },
      previousPeriod: { from: '2026-11-09', to: '2026-11-15' },
      nps: { n: 10, nps: 40, hidden: false },
      previous: { n: 10, nps: -60 },
      change: { difference: 100, significant: true, direction: 'up' },
      themes: [
        { id: 'service', label: 'Service and support', comments: 4 },
        { id: 'delivery', label: 'Delivery', comments: 3 },
        { id: 'price', label: 'Price and value', comments: 2 },
      ],
      // Service: 0 of 10 comments the week before, 4 of 8 this week: pooled 4/18, z = 0.5 / √(4/18 × 14/18 × (1/10 + 1/8)) = 2.54.
      // (Quality, 9 of 10 to 6 of 8, fell.) The old denominator, answers, said 0.4.
      grewMost: { theme: 'service', label: 'Service and support', from: 0, to: 0.5, significant: true },
      followUps: { open: 5, oldest: { ref: oldest, createdAt: '2026-11-03T10:00:00.000Z', days: 20 }, url: 'https://nps.example/results/follow-ups' },
      goal: { target: 30, gap: 10, text: '10 points above the goal of +30' },
      url: `https://nps.example/results/${survey.id}/?from=2026-11-16&to=2026-11-22`,
    });
    expect(body.nps.low).toBeCloseTo(-12.586, 2);
    expect(body.nps.high).toBeCloseTo(74.124, 2);
    expect(body.text).toEqual([
      'NPS +40 (95% interval −13 to +74), n = 10, 2026-11-16 to 2026-11-22.',
      '▲ +100 vs the 7 days before (−60, n = 10): significant.',
      'Top themes among detractors: Service and support (4), Delivery (3), Price and value (2).',
      'Grew most: Service and support, from 0% to 50% of the comments, a significant rise.',
      `5 open follow-ups; the oldest is ${oldest}, answered 2026-11-03 (20 days ago).`,
      '10 points above the goal of +30.',
    ]);
    expect(slack).toEqual([
      {
        text: `Weekly NPS digest: ${survey.id}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: `Weekly NPS digest: ${survey.id}` } },
          { type: 'section', text: { type: 'mrkdwn', text: body.text.join('\n') } },
          {
            type: 'actions',
            elements: [
              { type: 'button', text: { type: 'plain_text', text: 'Open the results' }, url: body.url },
              { type: 'button', text: { type: 'plain_text', text: 'Open the follow-ups' }, url: 'https://nps.example/results/follow-ups' },
            ],
          },
        ],
      },
    ]);
    const rows = await env.DB.prepare('SELECT target, status, tries FROM digest_deliveries WHERE digest_id = ? ORDER BY target').bind(stored!.id).all();
    expect(rows.results).toEqual([{ target: 'slack', status: 'delivered', tries: 1 }, { target: 'webhook', status: 'delivered', tries: 1 }]);
  });

  it('marks a change that is not significant as such, and says when there is no goal', async () => {
    const survey = surveyOf({});
    await rollupDay(survey.id, '2026-11-20', { 10: 6, 8: 2, 5: 2 }, { 10: 5 });
    // The week before: 5 promoters, 2 passives, 3 detractors (+20): z = 0.48, not significant.
    await rollupDay(survey.id, '2026-11-12', { 9: 5, 7: 2, 6: 3 }, { 9: 5 });
    // A promoters' theme from 1 of 5 comments to 2 of 5: the largest rise, but z = 0.2 / √(0.3 × 0.7 × 0.4) = 0.69.
    await themeDay(survey.id, '2026-11-13', 'delivery', 'promoter', 1);
    await themeDay(survey.id, '2026-11-19', 'delivery', 'promoter', 2);
    await runWeeklyDigest({ ...env, ...recordingQueue(), ...WEBHOOK }, MONDAY, [survey]);
    const digest = JSON.parse((await digestsOf(survey.id))[0]!.body) as Digest;
    expect(digest.change).toEqual({ difference: 20, significant: false, direction: 'none' });
    expect(digest.goal).toBeNull();
    expect(digestLines(digest)).toEqual([
      'NPS +40 (95% interval −13 to +74), n = 10, 2026-11-16 to 2026-11-22.',
      '+20 vs the 7 days before (+20, n = 10): not significant.',
      'No detractor comments with a theme.',
      'Grew most: Delivery, from 20% to 40% of the comments (not significant).',
      'No open follow-ups.',
    ]);
  });

  it('a week with no answers says so, and is sent all the same', async () => {
    const survey = surveyOf();
    const queue = recordingQueue();
    const run = await runWeeklyDigest({ ...env, ...queue, ...WEBHOOK }, MONDAY, [survey]);
    expect(run).toEqual({ written: 1, sent: 1 });
    const digest = JSON.parse((await digestsOf(survey.id))[0]!.body) as Digest;
    expect(digest.nps).toEqual({ n: 0, nps: null, low: null, high: null, hidden: true });
    expect(digest.change).toBeNull();
    expect(digestLines(digest)).toEqual([
      'No answers in the past 7 days (2026-11-16 to 2026-11-22).',
      'No answers in the 7 days before to compare with.',
      'No open follow-ups.',
      'Goal +30.',
    ]);
  });

  it('under the privacy floor the week shows no score, themes or change', async () => {
    const survey = surveyOf();
    const digest = shapeDigest(survey, { current: [{ score: 0, answers: 3, commented: 3 }], previous: [{ score: 10, answers: 8, commented: 8 }], themes: [{ theme: 'price', category: 'detractor', comments: 3, current: 1 }], followUps: { open: 0, oldestAt: null, oldestRef: null } }, MONDAY, '');
    expect(digest.nps).toEqual({ n: 3, nps: null, low: null, high: null, hidden: true });
    expect(digest.change).toBeNull();
    expect(digest.themes).toEqual([]);
    expect(digest.grewMost).toBeNull();
    expect(digestLines(digest)[0]).toBe('3 answers in the past 7 days (2026-11-16 to 2026-11-22): too few to show a score.');
    // Without PUBLIC_URL the links are not absolute: Slack gets no buttons rather than broken ones.
    expect(digestSlackMessage(digest).blocks.map((b) => b.type)).toEqual(['header', 'section']);
    expect(digestWebhookBody('x', digest)).toMatchObject({ type: 'digest.weekly', id: 'x', survey: survey.id });
  });

  it('runs once a week: a second run the same week writes and sends nothing', async () => {
    const survey = surveyOf();
    await runWeeklyDigest({ ...env, ...recordingQueue(), ...WEBHOOK }, MONDAY, [survey]);
    const again = recordingQueue();
    expect(await runWeeklyDigest({ ...env, ...again, ...WEBHOOK }, MONDAY + 3_600_000, [survey])).toEqual({ written: 0, sent: 0 });
    expect(again.sent).toEqual([]);
    expect(await digestsOf(survey.id)).toHaveLength(1);
  });

  it('every open survey of the catalogue gets one, within the run\'s D1 queries; a closed one none', async () => {
    const queue = recordingQueue();
    const counting = countingD1(env.DB);
    const monday = Date.parse('2031-03-03T07:00:00Z');
    await runWeeklyDigest({ ...env, DB: counting.binding, ...queue, ...WEBHOOK }, monday);
    expect(counting.queries).toBeLessThanOrEqual(DIGEST_QUERIES);
    const written = await env.DB.prepare(`SELECT survey FROM digests WHERE week_to = '2031-03-02' ORDER BY survey`).all<{ survey: string }>();
    expect(written.results.map((r) => r.survey)).toEqual(['demo', 'support']);
    expect(getSurvey('onboarding-2025')!.status).toBe('closed');
  });

  it('a queue that is down loses no digest: its deliveries are recorded dead, and a retry delivers it once', async () => {
    const survey = surveyOf();
    await runWeeklyDigest({ ...env, ...recordingQueue(true), ...WEBHOOK }, MONDAY, [survey]);
    const [stored] = await digestsOf(survey.id);
    const listed = (await undelivered(env.DB, 100)).find((d) => d.id === stored!.id);
    expect(listed).toMatchObject({ kind: 'digest', target: 'webhook', survey: survey.id, subject: '2026-11-22', status: 'dead' });
    expect(listed!.last_error).toContain('not put on the queue');

    const queue = recordingQueue();
    const res = await postJson(`/api/digests/${stored!.id}/retry`, {}, admin, { ...queue, ...WEBHOOK });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: 'digest', id: stored!.id, retried: ['webhook'] });
    const hook = receiver(WEBHOOK.ALERT_WEBHOOK_SECRET);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => hook.accept(new Request(input as RequestInfo, init as RequestInit)));
    await drain(queue.sent, WEBHOOK);
    expect(hook.requests).toEqual([stored!.id]);
  });
});
