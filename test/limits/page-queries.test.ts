import { env } from 'cloudflare:workers';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PART_ROWS } from '../../functions/db/response-queries';
import { foldNewRows } from '../../functions/jobs/rollup';
import { loadCommentsPage } from '../../functions/pages/comments';
import { loadExportPage } from '../../functions/pages/export';
import { loadOverviewPage } from '../../functions/pages/overview';
import { loadSurveyPage } from '../../functions/pages/survey-report';
import { loadNotContactedPage } from '../../functions/pages/not-contacted';
import { loadWavesPage } from '../../functions/pages/waves';
import { admin, request, uniqueName } from '../support/api';
import { backlog } from '../support/backlog';
import { countingD1 } from '../support/counting-d1';

/**
 * D1 allows 50 queries per invocation on the free plan: every results page (its loader, given
 * a counting D1 binding) and every export request, on a busy survey; an export larger than one
 * invocation continues across requests.
 */
const LIMIT = 50;

/** Queries one call makes, through a fresh counting binding. */
async function queriesOf(call: (db: D1Database) => unknown) {
  const db = countingD1(env.DB);
  const result = await call(db.binding);
  if (result instanceof Response) {
    expect(result.status).toBeLessThan(400);
    await result.arrayBuffer();
  }
  return db.queries;
}

const page = (path: string) => new URL(`https://nps.example${path}`);

describe('every results page and export stays inside 50 queries', () => {
  const measured: Record<string, number> = {};
  beforeAll(async () => {
    await backlog(9000);
    while (!(await foldNewRows(env.DB)).caughtUp);
  });

  it.each([
    ['/results/', (db: D1Database) => loadOverviewPage(db, page('/results/'))],
    ['/results/?period=30', (db: D1Database) => loadOverviewPage(db, page('/results/?period=30'))],
    ['/results/demo/', (db: D1Database) => loadSurveyPage(db, 'demo', page('/results/demo/'))],
    ['/results/demo/?period=90', (db: D1Database) => loadSurveyPage(db, 'demo', page('/results/demo/?period=90'))],
    ['/results/demo/?department=Support&function=Tier 1', (db: D1Database) => loadSurveyPage(db, 'demo', page('/results/demo/?period=365&department=Support&function=Tier%201'))],
    ['/results/demo/?…&person=Eva', (db: D1Database) => loadSurveyPage(db, 'demo', page('/results/demo/?department=Support&function=Tier%201&person=Eva'))],
    ['/results/demo/comments', (db: D1Database) => loadCommentsPage(db, 'demo', page('/results/demo/comments'))],
    ['/results/demo/comments?q=…&theme=delivery', (db: D1Database) => loadCommentsPage(db, 'demo', page('/results/demo/comments?q=late%20delivery%20again&theme=delivery&category=detractor'))],
    ['/results/demo/export', (db: D1Database) => loadExportPage(db, 'demo', page('/results/demo/export?period=all'))],
    ['/results/demo/waves', (db: D1Database) => loadWavesPage(db, 'demo')],
    ['GET /results/demo/export.csv', (db: D1Database) => request('/results/demo/export.csv', { headers: admin }, { DB: db })],
    ['GET /api/surveys/demo/responses.json?q=…', (db: D1Database) => request('/api/surveys/demo/responses.json?q=paketet', { headers: admin }, { DB: db })],
    ['GET /api/surveys/demo/summary', (db: D1Database) => request('/api/surveys/demo/summary', { headers: admin }, { DB: db })],
    ['GET /api/surveys/demo/themes', (db: D1Database) => request('/api/surveys/demo/themes?department=Support', { headers: admin }, { DB: db })],
    ['/results/not-contacted', (db: D1Database) => loadNotContactedPage(db, page('/results/not-contacted?days=30&survey=demo'))],
    ['GET /results/not-contacted.csv', (db: D1Database) => request('/results/not-contacted.csv', { headers: admin }, { DB: db })],
    ['GET /api/reports/not-contacted', (db: D1Database) => request('/api/reports/not-contacted', { headers: admin }, { DB: db })],
  ])('%s', async (name, call) => {
    const queries = await queriesOf(call);
    measured[name] = queries;
    expect(queries).toBeGreaterThan(0);
    expect(queries).toBeLessThanOrEqual(LIMIT);
  });

  it('the next page of comments too', async () => {
    const first = await loadCommentsPage(env.DB, 'demo', page('/results/demo/comments?q=late'));
    if (first instanceof Response) throw new Error(await first.text());
    expect(first.next).not.toBeNull();
    const queries = await queriesOf((db) => loadCommentsPage(db, 'demo', page(`/results/demo/comments?q=late&after=${encodeURIComponent(first.next!)}`)));
    expect(queries).toBeLessThanOrEqual(LIMIT);
    console.log('queries per request:', JSON.stringify(measured, null, 1));
  });
});

describe('an export larger than one part', () => {
  /** Follows rel="next" from `path` to the end: each part's body and the queries it cost. */
  async function follow(path: string) {
    const parts: { body: string; queries: number; name: string }[] = [];
    let next: string | undefined = path;
    while (next) {
      const db = countingD1(env.DB);
      const res = await request(next, { headers: admin }, { DB: db.binding });
      expect(res.status).toBe(200);
      const body = await res.text();
      parts.push({ body, queries: db.queries, name: /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')![1]! });
      const link = res.headers.get('link');
      const target = link ? new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!) : undefined;
      next = target ? target.pathname + target.search : undefined;
      expect(parts.length).toBeLessThan(10);
    }
    return parts;
  }

  /** Exports name a response by its public ref (16 hex digits), never by its id. */
  const storedRef = (row: { ref?: string }) => row.ref!;

  async function refsOf(department: string) {
    const { results } = await env.DB.prepare("SELECT ref FROM responses WHERE json_extract(segments, '$.department') = ?").bind(department).all<{ ref: string }>();
    return results.map((r) => r.ref).sort();
  }

  it('continues across requests by Link headers: every row exactly once, at most 50 queries each', async () => {
    const department = uniqueName('Export');
    const total = 2 * EXPORT_PART_ROWS + 345;
    await backlog(total, { days: 30, department });
    const expected = await refsOf(department);
    expect(expected).toHaveLength(total);

    const csv = await follow(`/api/surveys/demo/responses.csv?department=${department}`);
    expect(csv.map((p) => csvParse(p.body).length)).toEqual([EXPORT_PART_ROWS, EXPORT_PART_ROWS, 345]);
    const rows = csv.flatMap((p) => csvParse(p.body));
    expect(rows.map(storedRef).sort()).toEqual(expected);
    expect(rows.map((r) => r.created_at)).toEqual([...rows.map((r) => r.created_at)].sort());
    expect(csv.map((p) => p.name)).toEqual([1, 2, 3].map((n) => expect.stringMatching(new RegExp(`-part-${n}\\.csv$`))));
    expect(Math.max(...csv.map((p) => p.queries))).toBeLessThanOrEqual(LIMIT);

    const json = await follow(`/results/demo/export.json?department=${department}&period=90`);
    expect(json).toHaveLength(3);
    expect(json.flatMap((p) => JSON.parse(p.body) as { ref: string }[]).map((r) => r.ref).sort()).toEqual(expected);
    expect(Math.max(...json.map((p) => p.queries))).toBeLessThanOrEqual(LIMIT);
    console.log(`export of ${total} rows: parts of ${csv.map((p) => p.queries).join(', ')} queries`);

    // The page for people lists the same parts, each link a whole part.
    const exportPage = await loadExportPage(env.DB, 'demo', page(`/results/demo/export?department=${department}`));
    if (exportPage instanceof Response) throw new Error(await exportPage.text());
    expect(exportPage.total).toBe(total);
    expect(exportPage.parts.map((p) => [p.first, p.last])).toEqual([[1, 10_000], [10_001, 20_000], [20_001, total]]);
    const fromPage = [];
    for (const part of exportPage.parts) {
      const res = await request(`/results/demo/export.csv?${part.query}`, { headers: admin });
      fromPage.push(...csvParse(await res.text()).map(storedRef));
    }
    expect(fromPage.sort()).toEqual(expected);
  }, 120_000);

  it('sends no Link header when the part ends on the last row', async () => {
    const department = uniqueName('Exact');
    await backlog(EXPORT_PART_ROWS, { days: 10, department });
    const parts = await follow(`/api/surveys/demo/responses.csv?department=${department}`);
    expect(parts).toHaveLength(1);
    expect(csvParse(parts[0]!.body)).toHaveLength(EXPORT_PART_ROWS);
    expect(parts[0]!.name).not.toContain('part');
  }, 60_000);

  it('refuses a cursor or part number it did not make, naming the field', async () => {
    for (const [query, field] of [['after=12', 'after'], [`after=-1~1.${'a'.repeat(22)}`, 'after'], ['part=0', 'part'], ['part=two', 'part']]) {
      const res = await request(`/api/surveys/demo/responses.csv?${query}`, { headers: admin });
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ issues: [{ path: field }] });
    }
  });
});
