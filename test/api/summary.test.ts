import { describe, expect, it } from 'vitest';
import { admin, postJson, request, uniqueName } from '../support/api';
import { Hono } from 'hono';
import { createApi } from '../../functions/app';
import { describeRoute, problemReply } from '../../functions/api/describe';

async function answer(score: number, department: string, fn = 'Tier 1') {
  const res = await postJson('/api/surveys/demo/responses', { score, segments: { department, function: fn } });
  expect(res.status).toBe(201);
}

describe('GET /api/surveys/<survey>/summary', () => {
  it('counts categories and computes NPS live, filtered by segment', async () => {
    const department = uniqueName('Billing');
    for (const score of [10, 9, 9, 8, 7, 6, 0]) await answer(score, department);
    await answer(10, department, 'Tier 2');
    const res = await request(`/api/surveys/demo/summary?department=${department}&function=Tier%201`, { headers: admin });
    expect(res.status).toBe(200);
    // 3 promoters, 2 passives, 2 detractors of 7: (3 − 2) / 7 × 100.
    expect(await res.json()).toEqual({ survey: 'demo', n: 7, promoters: 3, passives: 2, detractors: 2, nps: 100 / 7 });
  });

  it('filters by period; a date as `to` includes that whole day', async () => {
    const department = uniqueName('Period');
    await answer(9, department);
    const today = new Date().toISOString().slice(0, 10);
    const inPeriod = await (await request(`/api/surveys/demo/summary?department=${department}&from=${today}&to=${today}`, { headers: admin })).json<{ n: number }>();
    expect(inPeriod.n).toBe(1);
    const before = await (await request(`/api/surveys/demo/summary?department=${department}&to=2020-01-01`, { headers: admin })).json<{ n: number }>();
    expect(before).toMatchObject({ n: 0, nps: null });
  });

  it('refuses unknown filters and bad dates, naming them', async () => {
    const res = await request('/api/surveys/demo/summary?region=North&from=yesterday', { headers: admin });
    expect(res.status).toBe(400);
    const paths = (await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['region', 'from']));
  });

  it('is closed to callers without the admin token', async () => {
    const res = await request('/api/surveys/demo/summary');
    expect(res.status).toBe(401);
    expect(await res.json()).not.toHaveProperty('n');
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every route with schemas generated from the validators', async () => {
    const doc = await (await request('/api/openapi.json')).json<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> } }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/surveys/{survey}/responses',
        '/api/invitations',
        '/api/surveys/{survey}/summary',
        '/api/surveys/{survey}/responses.csv',
        '/api/admin/regenerate',
      ]),
    );
    const submission = doc.components.schemas.Submission!;
    expect(submission.required).toContain('score');
    expect(Object.keys(submission.properties!)).toEqual(expect.arrayContaining(['score', 'reason', 'answers', 'invitation', 'segments']));
  });

  it('documents every /api route and method the app registers', async () => {
    const doc = await (await request('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const registered = createApi()
      .routes.filter((r) => r.path.startsWith('/api/') && !r.path.includes('*') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([a-z]+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(registered.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(registered)].filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('is generated from the routes: a route that describes itself appears, with its replies', async () => {
    const app = createApi();
    const described = describeRoute({ summary: 'A probe', responses: { 200: { description: 'Counted' }, 404: problemReply('Unknown survey') } });
    app.route('/api/probe', new Hono().get('/:survey/count', described, (c) => c.text('0')));
    type Operation = { summary: string; parameters: { name: string; in: string }[]; responses: Record<string, unknown> };
    const doc = await (await app.request('https://nps.example/api/openapi.json')).json<{ paths: Record<string, Record<string, Operation>> }>();
    const probe = doc.paths['/api/probe/{survey}/count']?.get;
    expect(probe).toMatchObject({ summary: 'A probe', parameters: [{ name: 'survey', in: 'path' }] });
    expect(Object.keys(probe!.responses)).toEqual(['200', '404']);
    expect(probe!.responses['404']).toEqual({ description: 'Unknown survey', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control-Allow-Origin for another site', async () => {
    const res = await postJson('/api/surveys/demo/responses', { score: 8 }, { origin: 'https://shop.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins', async () => {
    const bindings = { CORS_ORIGINS: 'https://shop.example, https://help.example' } as Partial<Env>;
    const allowed = await postJson('/api/surveys/demo/responses', { score: 8 }, { origin: 'https://help.example' }, bindings);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://help.example');
    const other = await postJson('/api/surveys/demo/responses', { score: 8 }, { origin: 'https://evil.example' }, bindings);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
