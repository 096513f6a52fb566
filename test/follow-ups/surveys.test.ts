import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installMeter } from '../../bench/d1-meter.mjs';
import { listFollowUps, type FollowUpRow } from '../../functions/db/follow-ups';
import { backlog } from '../support/backlog';

// The follow-up queue reads one partial index, (survey, created_at, ref), since migration 0031: one
// survey's items are a range of it; the list of every survey takes each survey's first page from its
// range and sorts those together. The rows a page reads must not grow with the answers stored: not
// with a survey's promoters (which the index leaves out), nor with its detractors.

const DAY = 86_400_000;
const NEEDS = `(category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL)))`;

/** `count` answers to `survey` with these scores in turn, one a minute back from `from`, in one department. */
async function answers(survey: string, count: number, scores: number[], department: string, from = Date.now()) {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
     INSERT INTO responses (id, survey, score, category, reason, segments, locale, channel, created_at, updated_at, revision)
     SELECT lower(hex(randomblob(16))), ?1, s.value, CASE WHEN s.value <= 6 THEN 'detractor' WHEN s.value <= 8 THEN 'passive' ELSE 'promoter' END,
            CASE WHEN i % 2 = 0 THEN 'A comment' END, json_object('department', ?4), 'en', 'link', ?5 - i * 60000, ?5 - i * 60000, 0
     FROM n JOIN json_each(?3) AS s ON s.key = i % json_array_length(?3)`,
  )
    .bind(survey, count, JSON.stringify(scores), department, from)
    .run();
}

const order = (a: Pick<FollowUpRow, 'created_at' | 'ref'>, b: Pick<FollowUpRow, 'created_at' | 'ref'>) => b.created_at - a.created_at || (a.ref < b.ref ? 1 : -1);

describe('the list of every survey, from one index', () => {
  it('merges the surveys newest first, page by page, each item once', async () => {
    const department = 'Merged';
    // Interleaved in time: demo every minute, support every 3 minutes, passives and promoters among them.
    await answers('demo', 20, [2, 7, 9, 4], department, Date.now() - DAY);
    await answers('support', 9, [0, 8, 10], department, Date.now() - DAY - 30_000);
    const { results: expected } = await env.DB.prepare(
      `SELECT ref, created_at, survey FROM responses WHERE json_extract(segments, '$.department') = ? AND ${NEEDS}`,
    )
      .bind(department)
      .all<{ ref: string; created_at: number; survey: string }>();
    expected.sort(order);
    expect(new Set(expected.map((e) => e.survey))).toEqual(new Set(['demo', 'support']));
    const seen: string[] = [];
    let after: { createdAt: number; ref: string } | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listFollowUps(env.DB, { segments: { department } }, after, 4);
      seen.push(...page.map((row) => row.ref));
      if (page.length < 4) break;
      after = { createdAt: page.at(-1)!.created_at, ref: page.at(-1)!.ref };
    }
    expect(seen).toEqual(expected.map((e) => e.ref));
  });
});

describe('rows read per page of the queue, whatever the answers stored', () => {
  let meter: ReturnType<typeof installMeter> | undefined;
  afterEach(() => meter?.uninstall());

  const LIMIT = 26;
  const pages = {
    'every survey': () => listFollowUps(env.DB, { segments: {} }, undefined, LIMIT),
    'a survey with many': () => listFollowUps(env.DB, { survey: 'demo', segments: {} }, undefined, LIMIT),
    'a survey with few': () => listFollowUps(env.DB, { survey: 'onboarding-2025', segments: {} }, undefined, LIMIT),
  };
  async function read() {
    const figures: Record<string, { rows: number; read: number }> = {};
    for (const [name, page] of Object.entries(pages)) {
      meter = installMeter(env.DB);
      const rows = await page();
      meter.uninstall();
      figures[name] = { rows: rows.length, read: meter.totals.rowsRead };
    }
    return figures;
  }

  beforeAll(async () => {
    await backlog(600);
    // onboarding-2025: one detractor among promoters.
    await answers('onboarding-2025', 1, [3], 'Few');
    await answers('onboarding-2025', 300, [10], 'Few', Date.now() - 1000);
  });

  it('stays the same when the answers grow: 2,000 more promoters to the survey with few, 600 more answers to the other', async () => {
    const before = await read();
    expect(before['every survey']!.rows).toBe(LIMIT);
    expect(before['a survey with few']!.rows).toBe(1);
    // A page reads its rows and their index entries, a few more for the surveys' seeks: never the stored answers.
    for (const figure of Object.values(before)) expect(figure.read).toBeLessThanOrEqual(2 * 3 * LIMIT + 20);
    await answers('onboarding-2025', 2000, [9, 10], 'Few', Date.now() - 2000);
    await backlog(600);
    expect(await read()).toEqual(before);
  });
});
