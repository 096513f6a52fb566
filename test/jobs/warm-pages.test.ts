import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { PAGE_QUERIES, warmResultsPages } from '../../functions/jobs/warm-pages';
import { listSurveys } from '../../functions/surveys/catalog';
import { admin } from '../support/api';
import { backlog } from '../support/backlog';
import { countingD1 } from '../support/counting-d1';
import { appWithRenderer } from '../support/results-renderer';

describe("the page cache's Cron run", () => {
  beforeEach(async () => {
    await env.DB.prepare(`DELETE FROM page_cache`).run();
    await backlog(50);
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
  });

  it('renders /results/ and default survey views within 50 D1 queries, and the next staff view of each is a hit', async () => {
    const { app, counter } = appWithRenderer();
    const db = countingD1(env.DB);
    const fetch = async (request: Request) => app.request(request, undefined, { ...env, DB: db.binding });
    const report = await warmResultsPages(fetch, env.ADMIN_TOKEN, { now: 0 });
    // As many as 50 queries allow: /results/ and every survey when they are few.
    const pages = Math.min(Math.floor(50 / PAGE_QUERIES), 1 + listSurveys().length);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(report).toEqual({ rendered: pages });
    expect(db.queries).toBeLessThanOrEqual(50);
    const warmed = ['/results/', ...listSurveys().slice(0, pages - 1).map((s) => `/results/${s.id}/`)];
    for (const path of warmed) {
      const res = await app.request(`https://nps.example${path}`, { headers: admin }, env);
      expect(res.headers.get('server-timing')).toBe('page-cache;desc="hit"');
    }
    expect(counter.renders).toBe(pages);
    // A page already stored costs a lookup, not a render.
    expect(await warmResultsPages(fetch, env.ADMIN_TOKEN, { now: 15 * 60_000 })).toEqual({ rendered: 0 });
    // The next run starts at the next survey: with room for two pages, /results/ and the second survey.
    await env.DB.prepare(`DELETE FROM page_cache`).run();
    expect(await warmResultsPages(fetch, env.ADMIN_TOKEN, { now: 15 * 60_000, maxQueries: 2 * PAGE_QUERIES })).toEqual({ rendered: 2 });
    const second = `/results/${listSurveys()[1]!.id}/`;
    expect((await app.request(`https://nps.example${second}`, { headers: admin }, env)).headers.get('server-timing')).toBe('page-cache;desc="hit"');
  });

  it('warms nothing without the admin token (a deployment behind Access alone)', async () => {
    const { app, counter } = appWithRenderer();
    expect(await warmResultsPages((request) => Promise.resolve(app.request(request, undefined, env)), undefined)).toEqual({ rendered: 0 });
    expect(counter.renders).toBe(0);
  });
});
