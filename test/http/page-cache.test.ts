import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { statusLine } from '@/report/format';
import { createApi } from '../../functions/app';
import { pathKey } from '@/report/segments';
import { installMeter } from '../../bench/d1-meter.mjs';
import { cachedPage, storePage } from '../../functions/db/page-cache';
import { dataBounds } from '../../functions/db/results';
import { loadSurveyPage } from '../../functions/pages/survey-report';
import { startReportReads } from '../../functions/pages/report-reads';
import { batchedReads } from '../../functions/db/batched-reads';
import { parsePeriod, today, type Period } from '@/report/days';
import { rollupStatus } from '../../functions/db/rollups';
import { BUILD_ID, fitsARow, nodeOf, pageKey, warmingRequest } from '../../functions/http/page-cache';
import { foldNewRows } from '../../functions/jobs/rollup';
import { sweepRetention } from '../../functions/jobs/retention';
import { getSurvey } from '../../functions/surveys/catalog';
import { admin, postJson, request } from '../support/api';
import { countingD1 } from '../support/counting-d1';
import { appWithRenderer } from '../support/results-renderer';

// The queue is not what these tests are about.
const queue = { ALERTS: { send: async () => {}, sendBatch: async () => {} } as unknown as Queue };

/** Views of a results page through the edge app with its stand-in renderer: a staff member's, and the page cache's run's (whose miss is stored). */
function withRenderer() {
  const { app, counter } = appWithRenderer();
  const url = (path: string) => `https://nps.example${path}`;
  return {
    counter,
    view: (path: string, headers: Record<string, string> = admin, DB: D1Database = env.DB) => app.request(url(path), { headers }, { ...env, DB }),
    warm: (path: string, DB: D1Database = env.DB) => app.request(warmingRequest(url(path), admin), undefined, { ...env, DB }),
  };
}

async function answers(count: number, reason = 'fine') {
  for (let i = 0; i < count; i++) expect((await postJson('/api/surveys/demo/responses', { score: i % 11, reason }, {}, queue)).status).toBe(201);
  while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
}

/** The survey page's reads of `url`, guarded by the page's key, as the page cache starts them beside its lookup. */
const pageReadsOf = (db: D1Database, url: URL, page: string) =>
  startReportReads(db, 'demo', nodeOf(url)!.path, true, parsePeriod(url.searchParams, today()) as Period, today(), page);

const shown = (html: string) => Number(/data-n="(\d+)"/.exec(html)?.[1]);
const cachedRows = async () => env.DB.prepare(`SELECT count(*) AS n FROM page_cache`).first<number>('n');

describe('the rendered-page cache of the results pages', () => {
  // The tests of this file share one D1: each starts with no page stored.
  beforeEach(() => env.DB.prepare(`DELETE FROM page_cache`).run());

  it("renders a staff member's every view in one round trip without storing it; the page cache's run stores it, then it is served in one query until the rollup folds new answers", async () => {
    await answers(3);
    const { counter, view, warm } = withRenderer();
    const path = '/results/demo/?period=90';
    const first = countingD1(env.DB);
    const miss = await view(path, admin, first.binding);
    const html = await miss.text();
    expect(miss.status).toBe(200);
    expect(miss.headers.get('server-timing')).toBe('page-cache;desc="miss"');
    // The lookup with the status and where the node has data (1) and, in its batch, the page's own
    // reads (7), each reading nothing while the page is stored; the loader reads nothing more; no store.
    expect([first.queries, first.roundTrips]).toEqual([8, 1]);
    expect(await cachedRows()).toBe(0);
    const again = countingD1(env.DB);
    const second = await view(path, admin, again.binding);
    expect(second.headers.get('server-timing')).toBe('page-cache;desc="miss"');
    expect(await second.text()).toBe(html);
    expect([again.queries, again.roundTrips]).toEqual([8, 1]);
    expect(counter.renders).toBe(2);
    // Nothing a request carries makes it the run's: not its URL, not a header naming it.
    const { app } = appWithRenderer();
    const spoofed = await app.request(`https://page-cache.invalid${path}`, { headers: { ...admin, 'x-page-cache': 'store', 'server-timing': 'page-cache' } }, env);
    expect(spoofed.status).toBe(200);
    expect(await cachedRows()).toBe(0);

    // The page cache's run: the same lookup and reads, then the store (a batch of 2).
    const warming = countingD1(env.DB);
    const stored = await warm(path, warming.binding);
    expect(stored.headers.get('server-timing')).toBe('page-cache;desc="miss"');
    expect(await stored.text()).toBe(html);
    expect([warming.queries, warming.roundTrips]).toEqual([10, 2]);
    expect(await cachedRows()).toBe(1);
    const counted = countingD1(env.DB);
    const hit = await view(path, admin, counted.binding);
    expect(hit.headers.get('server-timing')).toBe('page-cache;desc="hit"');
    expect(await hit.text()).toBe(html);
    expect(counted.queries).toBe(1);
    expect(counter.renders).toBe(3);
    expect(hit.headers.get('cache-control')).toBe('private, no-store');
    expect(hit.headers.get('content-security-policy')).toBeTruthy();

    await answers(2);
    const after = await (await view(path)).text();
    expect(counter.renders).toBe(4);
    expect(shown(after)).toBe(shown(html) + 2);
  });

  it("reads where the node has data with the lookup, on a miss only: a hit reads no more rows than the lookup alone", async () => {
    await answers(2);
    const url = new URL('https://nps.example/results/demo/?period=90');
    const node = nodeOf(url)!;
    expect(node).toEqual({ survey: 'demo', path: pathKey([]) });
    expect(nodeOf(new URL('https://nps.example/results/demo/?department=Support&period=90'))).toEqual({ survey: 'demo', path: pathKey(['Support']) });
    expect(nodeOf(new URL('https://nps.example/results/'))).toBeNull();
    const page = pageKey(url)!;
    const miss = await cachedPage(env.DB, page, node);
    expect(miss.html).toBeNull();
    expect(miss.bounds).toEqual(await dataBounds(env.DB, 'demo', node.path));
    expect(miss.bounds).not.toBeNull();
    await storePage(env.DB, page, miss.position, '<!--status--><!--/status-->stored');

    const meter = installMeter(env.DB);
    try {
      const rowsRead = async (call: () => Promise<unknown>) => {
        meter.reset();
        await call();
        return meter.totals.rowsRead;
      };
      const alone = await rowsRead(() => cachedPage(env.DB, page));
      const hit = await rowsRead(() => cachedPage(env.DB, page, node));
      expect(hit).toBe(alone);
      expect((await cachedPage(env.DB, page, node)).bounds).toBeUndefined();
      // A miss reads the node's first and last rows too.
      expect(await rowsRead(() => cachedPage(env.DB, `${page}&other`, node))).toBeGreaterThan(alone);
    } finally {
      meter.uninstall();
    }
  });

  it("renders a miss from what the lookup read, as it would have read it, and reads the rest itself", async () => {
    await answers(2);
    const url = new URL('https://nps.example/results/demo/?period=90');
    const node = nodeOf(url)!;
    const page = `${pageKey(url)!}&render`;
    const db = batchedReads(env.DB);
    const [looked, reads] = await Promise.all([cachedPage(db, page, node), pageReadsOf(db, url, page)]);
    expect(looked.bounds).not.toBeNull();
    const status = { status: looked.status };
    const loads = {
      alone: undefined,
      bounds: { ...status, node: { ...node, bounds: looked.bounds! } },
      everything: { ...status, node: { ...node, bounds: looked.bounds!, reads } },
      // Bounds of another node are not taken for this one's.
      elsewhere: { ...status, node: { ...node, path: pathKey(['Support']), bounds: null, reads } },
    };
    const counted: Record<string, [number, number]> = {};
    const pages: unknown[] = [];
    for (const [name, lookedUp] of Object.entries(loads)) {
      const binding = countingD1(env.DB);
      pages.push(await loadSurveyPage(binding.binding, 'demo', url, lookedUp));
      counted[name] = [binding.roundTrips, binding.queries];
    }
    for (const served of pages) expect(served).toEqual(pages[0]);
    // The status, the bounds and the 7 reads in one round trip; nothing left when the lookup read it all.
    expect(counted).toEqual({ alone: [1, 9], bounds: [1, 7], everything: [0, 0], elsewhere: [1, 8] });
  });

  it("reads a survey page's rows with the lookup, but nothing beyond the page while it is stored", async () => {
    await answers(2);
    const url = new URL('https://nps.example/results/demo/?period=all');
    const page = pageKey(url)!;
    const node = nodeOf(url)!;
    const lookup = async () => {
      const db = batchedReads(env.DB);
      const [looked, reads] = await Promise.all([cachedPage(db, page, node), pageReadsOf(db, url, page)]);
      return { looked, reads };
    };
    const miss = await lookup();
    expect(miss.looked.html).toBeNull();
    expect(miss.reads.rows.daily.length).toBeGreaterThan(0);
    expect(miss.reads.rows).toEqual((await startReportReads(env.DB, 'demo', node.path, true, parsePeriod(url.searchParams, today()) as Period, today())).rows);
    await storePage(env.DB, page, miss.looked.position, '<!--status--><!--/status-->stored');
    const meter = installMeter(env.DB);
    try {
      const hit = await lookup();
      expect(hit.looked.html).toContain('stored');
      expect(hit.reads.rows.daily).toEqual([]);
      expect(hit.reads.rows.children).toEqual([]);
      expect(hit.reads.rows.themes).toEqual([]);
      // The page, and a look for it per part of each read.
      console.log(`a hit with the page's reads: ${meter.totals.rowsRead} rows read`);
      expect(meter.totals.rowsRead).toBeLessThanOrEqual(60);
    } finally {
      meter.uninstall();
    }
    // The rollup moves: the page kept under the key is of an older position, and the reads read.
    await answers(1);
    const moved = await lookup();
    expect(moved.looked.html).toBeNull();
    expect(moved.reads.rows.daily.length).toBeGreaterThan(0);
    expect(moved.reads.rows).toEqual((await startReportReads(env.DB, 'demo', node.path, true, parsePeriod(url.searchParams, today()) as Period, today())).rows);
  });

  it('keeps a page across a rollup run that folds nothing, with that run as its "data as of"', async () => {
    await answers(1);
    const { counter, view, warm } = withRenderer();
    await (await warm('/results/')).text();
    await env.DB.prepare(`UPDATE rollup_state SET caught_up_at = caught_up_at - 3600000`).run();
    const stale = await (await view('/results/')).text();
    expect(await foldNewRows(env.DB)).toMatchObject({ caughtUp: true, responses: 0 });
    const hit = await (await view('/results/')).text();
    expect(counter.renders).toBe(1);
    expect(hit).toContain(statusLine(await rollupStatus(env.DB)));
    expect(hit).not.toBe(stale);
  });

  it('one page per period, node and day, whatever the order of the query; the live pages are never cached', () => {
    const key = (path: string, day = '2026-11-26') => pageKey(new URL(`https://nps.example${path}`), day);
    expect(key('/results/demo/?period=30&department=Support')).toBe(key('/results/demo?department=Support&period=30'));
    expect(key('/results/demo/?period=30')).not.toBe(key('/results/demo/?period=90'));
    expect(key('/results/demo/?department=Support')).not.toBe(key('/results/demo/?department=Sales'));
    expect(key('/results/demo/?department=A&department=B')).not.toBe(key('/results/demo/?department=B&department=A'));
    expect(key('/results/?period=30')).not.toBe(key('/results/?period=30', '2026-11-27'));
    expect(key('/results/')).toBe(key('/results'));
    expect(key('/results/')?.startsWith(`${BUILD_ID} `)).toBe(true);
    for (const live of ['/results/alerts', '/results/follow-ups', '/results/demo/comments', '/results/demo/export', '/results/no-such-survey/']) expect(key(live)).toBeNull();
  });

  it("never serves another build's page, nor a page stored while the rollup moved", async () => {
    await answers(1);
    const { counter, view } = withRenderer();
    const url = new URL('https://nps.example/results/demo/');
    const { position } = await cachedPage(env.DB, pageKey(url)!);
    await storePage(env.DB, pageKey(url)!.replace(BUILD_ID, 'an-older-build'), position, '<!--status--><!--/status-->old build');
    expect(await (await view('/results/demo/')).text()).not.toContain('old build');
    expect(counter.renders).toBe(1);

    // Rendered at `position`, stored after a run folded more: not kept.
    await answers(1);
    await storePage(env.DB, pageKey(url)!, position, '<!--status--><!--/status-->rendered before the run');
    expect(await (await view('/results/demo/')).text()).not.toContain('rendered before the run');
  });

  it('serves nothing cached without credentials: the staff check runs first', async () => {
    await answers(1);
    const { view, warm } = withRenderer();
    const html = await (await warm('/results/demo/?period=30')).text();
    expect(html).toContain('data-n');
    expect(await cachedRows()).toBe(1);
    const script = await view('/results/demo/?period=30', {});
    expect(script.status).toBe(401);
    expect(await script.text()).not.toContain('data-n');
    const browser = await view('/results/demo/?period=30', { accept: 'text/html', authorization: 'Bearer wrong' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/login?next=%2Fresults%2Fdemo%2F%3Fperiod%3D30');
    expect(await browser.text()).toBe('');
  });

  it('does not store a refusal, and a store drops the pages of older positions and days', async () => {
    const { counter, warm } = withRenderer();
    await env.DB.prepare(`INSERT INTO page_cache (page, position, html, stored_at) VALUES ('yesterday', 'x', '', ?1), ('old position', 'x', '', ?2)`)
      .bind(Date.now() - 2 * 86_400_000, Date.now())
      .run();
    const refused = createApi();
    refused.use(async (c) => c.text('No such survey', 404));
    await refused.request(warmingRequest('https://nps.example/results/demo/', admin), undefined, env);
    // A bad period: the page's 400.
    expect((await warm('/results/demo/?period=7')).status).toBe(400);
    expect(await cachedRows()).toBe(2);
    await (await warm('/results/')).text();
    expect(counter.renders).toBe(2);
    expect(await env.DB.prepare(`SELECT page FROM page_cache`).all().then((r) => r.results.map((row) => row.page))).toEqual([pageKey(new URL('https://nps.example/results/'))]);
  });

  it('stores a page only when its UTF-8 bytes fit D1\'s 1 MB per row, with room for its key', () => {
    // ASCII: one byte a character, though three times its length would not fit.
    expect(fitsARow('a'.repeat(400_000))).toBe(true);
    expect(fitsARow('a'.repeat(990_000))).toBe(true);
    expect(fitsARow('a'.repeat(990_001))).toBe(false);
    // Two bytes each (é), three (€), four for a surrogate pair (😀).
    expect(fitsARow('é'.repeat(495_000))).toBe(true);
    expect(fitsARow('é'.repeat(495_001))).toBe(false);
    expect(fitsARow('€'.repeat(330_000))).toBe(true);
    expect(fitsARow('€'.repeat(330_001))).toBe(false);
    expect(fitsARow('😀'.repeat(247_501))).toBe(false);
  });

  it('keeps at most its bound of pages, the newest', async () => {
    const { position } = await cachedPage(env.DB, 'a');
    const stored = async () => (await env.DB.prepare(`SELECT page FROM page_cache ORDER BY page`).all<{ page: string }>()).results.map((r) => r.page);
    const now = Date.now();
    for (const [i, page] of ['a', 'b', 'c'].entries()) await storePage(env.DB, page, position, `page ${page}`, now + i, 2);
    expect(await stored()).toEqual(['b', 'c']);
    // A page stored again replaces itself: nothing else goes.
    await storePage(env.DB, 'b', position, 'page b again', now + 3, 2);
    expect(await stored()).toEqual(['b', 'c']);
  });

  it('stores a page without reading the table through, however many pages it holds; a new position drops the older pages', async () => {
    const { position } = await cachedPage(env.DB, 'a');
    const now = Date.now();
    const meter = installMeter(env.DB);
    const storeReads = async (page: string, at: number) => {
      meter.reset();
      await storePage(env.DB, page, position, `page ${page}`, at, 100);
      return meter.totals.rowsRead;
    };
    try {
      const few = await storeReads('first', now);
      for (let i = 0; i < 60; i++) await storePage(env.DB, `page ${i}`, position, `page ${i}`, now + i, 100);
      expect(await cachedRows()).toBe(61);
      const many = await storeReads('another', now + 100);
      expect(many).toBeLessThanOrEqual(few + 5);
      expect(await cachedRows()).toBe(62);
    } finally {
      meter.uninstall();
    }
    // The rollup moves: the next page stored is the only one kept.
    await answers(1);
    const moved = await cachedPage(env.DB, 'b');
    expect(moved.position).not.toBe(position);
    await storePage(env.DB, 'b', moved.position, 'page b', now + 200, 100);
    expect(await env.DB.prepare(`SELECT page FROM page_cache`).all().then((r) => r.results.map((row) => row.page))).toEqual(['b']);
  });

  it("drops every cached page when a person is erased: their comment is not served from the cache afterwards", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const word = `wombat${tag}`;
    const invited = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: `crm-${tag}`, email: `${tag}@example.com` }] }, admin);
    const { results } = await invited.json<{ results: { id: string }[] }>();
    expect((await postJson('/api/surveys/demo/responses', { score: 2, reason: `${word} was late`, invitation: results[0]!.id }, {}, queue)).status).toBe(201);
    while (!(await foldNewRows(env.DB)).caughtUp);
    // A page that shows the comment (as a page listing comments would), stored at the position now.
    const { view } = withRenderer();
    const page = pageKey(new URL('https://nps.example/results/demo/'))!;
    const { position } = await cachedPage(env.DB, page);
    await storePage(env.DB, page, position, `<!--status--><!--/status--><q>${word} was late</q>`);
    expect(await (await view('/results/demo/')).text()).toContain(word);

    expect((await request(`/api/contacts/crm-${tag}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect(await cachedRows()).toBe(0);
    // A render that began before the erasure does not store its page after it.
    await storePage(env.DB, page, position, `<!--status--><!--/status--><q>${word} was late</q>`);
    expect(await (await view('/results/demo/')).text()).not.toContain(word);
  });

  it("drops every cached page when the retention sweep erases comments", async () => {
    const { warm } = withRenderer();
    await (await warm('/results/')).text();
    expect(await cachedRows()).toBe(1);
    const old = Date.now() - 40 * 86_400_000;
    await env.DB.prepare(
      `INSERT INTO responses (id, survey, score, category, reason, answers, locale, channel, created_at, updated_at, revision)
       VALUES ('r-retained', 'demo', 2, 'detractor', 'kept too long', '{}', 'en', 'link', ?1, ?1, 90000000)`,
    ).bind(old).run();
    const report = await sweepRetention(env.DB, { surveys: [{ ...getSurvey('demo')!, retentionDays: 30 }] });
    expect(report.responses).toBe(1);
    expect(await cachedRows()).toBe(0);
  });
});
