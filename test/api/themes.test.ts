import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { admin, postJson, request, uniqueName } from '../support/api';
import { countingD1 } from '../support/counting-d1';
import { recordingD1 } from '../support/recording-d1';

type Reply = { n: number; nps: number | null; themes: { theme: string; pointsAtStake: number; interval: [number, number] }[] };

const department = uniqueName('Impact');
const tier1 = `department=${department}&function=Tier%201`;

async function answer(score: number, reason: string | undefined, fn = 'Tier 1') {
  const res = await postJson('/api/surveys/demo/responses', { score, ...(reason ? { reason } : {}), segments: { department, function: fn } });
  expect(res.status).toBe(201);
}

async function themesOf(query: string) {
  const res = await request(`/api/surveys/demo/themes?${query}`, { headers: admin });
  expect(res.status).toBe(200);
  return res.json<Reply>();
}

async function refusal(query: string) {
  const res = await request(`/api/surveys/demo/themes?${query}`, { headers: admin });
  expect(res.status, query).toBe(400);
  return (await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path);
}

describe('GET /api/surveys/<survey>/themes', () => {
  beforeAll(async () => {
    // Tier 1: 4 detractors, 2 passives, 4 promoters (n = 10, NPS 0).
    await answer(2, 'The parcel was late'); // delivery
    await answer(3, 'Late again, and the invoice was wrong'); // delivery, billing
    await answer(5, 'Nothing to say');
    await answer(0, 'Too expensive'); // price
    await answer(8, 'Parcel fine'); // delivery
    await answer(7, undefined);
    await answer(9, 'Great price'); // price
    await answer(10, 'Friendly support'); // service
    await answer(10, undefined);
    await answer(9, undefined);
    // Tier 2, in the same department only.
    await answer(1, 'Late parcel', 'Tier 2');
    while (!(await foldNewRows(env.DB)).caughtUp);
  });

  it('ranks themes by points at stake, 100 × D_theme / n, each with its Wilson interval (read from the rollups)', async () => {
    const reply = await themesOf(tier1);
    expect(reply).toMatchObject({ n: 10, nps: 0 });
    expect(reply.themes.map((t) => [t.theme, t.pointsAtStake])).toEqual([
      ['delivery', 20],
      ['price', 10], // two comments
      ['billing', 10], // one
      ['service', 0],
    ]);
    expect(reply.themes[0]).toEqual({
      theme: 'delivery',
      label: 'Delivery',
      comments: 3,
      promoters: 0,
      passives: 1,
      detractors: 2,
      pointsAtStake: 20,
      interval: [expect.closeTo(5.668, 3), expect.closeTo(50.984, 3)],
    });
    // 0 of 10: the Wilson interval keeps a width, 0 to 27.75.
    expect(reply.themes[3]!.interval).toEqual([0, expect.closeTo(27.753, 3)]);
  });

  it('reads a node of the organisation and a period', async () => {
    const wholeDepartment = await themesOf(`department=${department}`);
    expect(wholeDepartment.n).toBe(11);
    expect(wholeDepartment.themes[0]).toMatchObject({ theme: 'delivery', detractors: 3, pointsAtStake: 300 / 11 });
    const today = new Date().toISOString().slice(0, 10);
    expect((await themesOf(`${tier1}&from=${today}&to=${today}`)).n).toBe(10);
    expect(await themesOf(`${tier1}&to=2020-01-01`)).toEqual({ n: 0, nps: null, themes: [] });
  });

  it('costs two D1 queries, both on rollups, never a scan of the responses', async () => {
    const counting = countingD1(env.DB);
    expect((await request(`/api/surveys/demo/themes?${tier1}`, { headers: admin }, { DB: counting.binding })).status).toBe(200);
    expect(counting.queries).toBe(2);
    const recording = recordingD1(env.DB);
    await request(`/api/surveys/demo/themes?${tier1}`, { headers: admin }, { DB: recording.db });
    expect(recording.sent.map((s) => /FROM (\w+)/.exec(s.sql)?.[1]).sort()).toEqual(['rollup_days', 'rollup_themes']);
  });

  it('refuses bad filters with 400, naming each field', async () => {
    expect(await refusal(`function=Tier%201`)).toEqual(['function']);
    expect(await refusal('from=yesterday&to=2026-02-30')).toEqual(['from', 'to']);
    expect(await refusal('from=2026-01-01T00:00:00Z')).toEqual(['from']);
    expect(await refusal('from=2026-03-01&to=2026-02-01')).toEqual(['from']);
    expect(await refusal('region=North')).toEqual(['region']);
  });

  it('is admin only', async () => {
    const res = await request(`/api/surveys/demo/themes?${tier1}`);
    expect(res.status).toBe(401);
    expect(await res.json()).not.toHaveProperty('themes');
    expect((await request('/api/surveys/nope/themes', { headers: admin })).status).toBe(404);
  });

  it('is described in the OpenAPI document with its reply', async () => {
    const doc = await (await request('/api/openapi.json')).json<{ paths: Record<string, { get?: unknown }>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    expect(doc.paths['/api/surveys/{survey}/themes']?.get).toBeDefined();
    expect(Object.keys(doc.components.schemas.Themes!.properties!)).toEqual(['n', 'nps', 'themes']);
  });
});
