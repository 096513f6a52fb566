import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { neutralise } from '../../functions/api/export';
import { admin, postJson, request, uniqueName } from '../support/api';

describe('CSV formula injection', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('neutralises %j', (value) => {
    expect(neutralise(value)).toBe(`'${value}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutralise('Great service = happy')).toBe('Great service = happy');
  });
});

describe('GET /api/surveys/<survey>/responses.csv', () => {
  it('exports the filtered responses with formula cells neutralised', async () => {
    const department = uniqueName('Export');
    await postJson('/api/surveys/demo/responses', { score: 2, reason: '=HYPERLINK("http://evil.example","click")', segments: { department } });
    await postJson('/api/surveys/demo/responses', { score: 9, reason: 'Quick, "quoted", with commas', segments: { department }, answers: { value: 'price' } });
    await postJson('/api/surveys/demo/responses', { score: 9, reason: 'other department', segments: { department: 'Elsewhere' } });
    const res = await request(`/api/surveys/demo/responses.csv?department=${department}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = csvParse(await res.text());
    expect(rows.columns).toEqual(['ref', 'created_at', 'score', 'category', 'reason', 'follow_up', 'locale', 'channel', 'department', 'function', 'person', 'answers.value']);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ score: '2', category: 'detractor', reason: `'=HYPERLINK("http://evil.example","click")`, department });
    expect(rows[1]).toMatchObject({ score: '9', reason: 'Quick, "quoted", with commas', 'answers.value': 'price' });
  });

  it('streams past one page of rows, oldest first, each exactly once', async () => {
    const department = uniqueName('Bulk');
    const statements = Array.from({ length: 1203 }, (_, i) =>
      `('bulk${String(i).padStart(18, '0')}', 'demo', ${i % 11}, '${i % 11 >= 9 ? 'promoter' : i % 11 >= 7 ? 'passive' : 'detractor'}', '{"department":"${department}"}', 'en', 'link', ${Date.now() - 100_000 + i}, ${Date.now() - 100_000 + i}, ${1_000_000 + i}, '${i.toString(16).padStart(16, '0')}')`,
    );
    const { env } = await import('cloudflare:workers');
    for (let i = 0; i < statements.length; i += 400) {
      await env.DB.prepare(`INSERT INTO responses (id, survey, score, category, segments, locale, channel, created_at, updated_at, revision, ref) VALUES ${statements.slice(i, i + 400).join(',')}`).run();
    }
    const rows = csvParse(await (await request(`/api/surveys/demo/responses.csv?department=${department}`, { headers: admin })).text());
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r.ref)).size).toBe(1203);
    expect(rows[0]!.ref).toBe('0'.repeat(16));
    const json = await (await request(`/api/surveys/demo/responses.json?department=${department}&period=30`, { headers: admin })).json<unknown[]>();
    expect(json).toHaveLength(1203);
  });

  it('shows each response by its public ref, never by its id (the respondent\'s key to amend it)', async () => {
    const department = uniqueName('Refs');
    const ids: string[] = [];
    for (const score of [3, 8, 10]) {
      const res = await postJson('/api/surveys/demo/responses', { score, reason: `Ref test ${score}`, segments: { department } });
      ids.push((await res.json<{ id: string }>()).id);
    }
    const { env } = await import('cloudflare:workers');
    const refs = await Promise.all(ids.map(async (id) => (await env.DB.prepare('SELECT ref FROM responses WHERE id = ?').bind(id).first<{ ref: string }>())!.ref));
    for (const ref of refs) expect(ref).toMatch(/^[0-9a-f]{16}$/);
    for (const path of ['/api/surveys/demo/responses', '/results/demo/export']) {
      const csv = await (await request(`${path}.csv?department=${department}`, { headers: admin })).text();
      const json = await (await request(`${path}.json?department=${department}`, { headers: admin })).text();
      expect(csvParse(csv).map((row) => row.ref)).toEqual(refs);
      expect((JSON.parse(json) as { ref: string }[]).map((row) => row.ref)).toEqual(refs);
      for (const id of ids) {
        expect(csv).not.toContain(id);
        expect(json).not.toContain(id);
      }
    }
  });

  it('refuses callers without credentials and bad filters', async () => {
    expect((await request('/api/surveys/demo/responses.csv')).status).toBe(401);
    expect((await request('/api/surveys/demo/responses.csv?period=7', { headers: admin })).status).toBe(400);
    expect((await request('/api/surveys/demo/responses.csv?category=fan', { headers: admin })).status).toBe(400);
    expect((await request('/api/surveys/nope/responses.csv', { headers: admin })).status).toBe(404);
  });
});
