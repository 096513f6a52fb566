import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevVars, migrateForServe, root, serve, warmPages } from '../../.ci/local.mjs';
import { localDatabaseFile, seedResponses } from '../../.ci/demo-data.mjs';

// The built Worker, Astro included, through bench/meter-worker.mjs (as bench/cpu counts): a survey
// page's miss is one round trip to D1, the page cache's lookup with the page's own reads in its
// batch (the status, where the node has data, the rows), and stores nothing; a page the page
// cache's run stored is one query. Each round trip costs a miss about 1 ms of workerd's CPU here,
// the store 2.4 ms (bench/page-profile.mjs).
const server = `${root}dist/server`;
const meterFiles = ['d1-meter.mjs', 'meter-worker.mjs'];
const persistTo = mkdtempSync(`${tmpdir()}/nps-page-queries-`);
const { token } = ensureDevVars();
let metered: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  for (const name of meterFiles) copyFileSync(`${root}bench/${name}`, `${server}/${name}`);
  writeFileSync(`${server}/wrangler.page-queries.json`, JSON.stringify({ ...JSON.parse(readFileSync(`${server}/wrangler.json`, 'utf8')), main: 'meter-worker.mjs' }));
  await migrateForServe(persistTo);
  seedResponses(localDatabaseFile(persistTo), { survey: 'demo', total: 2000, unanswered: 1 });
  metered = await serve({ persistTo, config: 'dist/server/wrangler.page-queries.json' });
  let caughtUp = false;
  while (!caughtUp) {
    const res = await fetch(`${metered.url}/api/admin/regenerate`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    caughtUp = (await res.json<{ caughtUp: boolean }>()).caughtUp;
  }
}, 120_000);

afterAll(async () => {
  await metered?.stop();
  for (const name of [...meterFiles, 'wrangler.page-queries.json']) rmSync(`${server}/${name}`, { force: true });
  rmSync(persistTo, { recursive: true, force: true });
});

async function staffView(path: string) {
  const res = await fetch(`${metered.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const html = await res.text();
  expect(res.status, path).toBe(200);
  const figure = (name: string) => Number(res.headers.get(`x-bench-${name}`));
  return { html, queries: figure('queries'), calls: figure('calls'), cache: res.headers.get('server-timing') };
}

describe('D1 queries of a results page on the built Worker', () => {
  it.each([
    // The lookup (1) with the page's five reads.
    ['/results/demo/', 6, 1],
    ['/results/demo/?department=Support&function=Tier%201', 6, 1],
    // With a period before it to compare with: its totals and its children's, 2 more.
    ['/results/demo/?period=90&department=Support', 8, 1],
    // The lookup, then the headlines.
    ['/results/', 2, 2],
  ])('%s: a staff member\'s view makes %i queries in %i round trips, and the next one as many (nothing stored)', async (page, queries, calls) => {
    const path = `${page}${page.includes('?') ? '&' : '?'}run=${crypto.randomUUID()}`;
    for (let n = 0; n < 2; n++) {
      const miss = await staffView(path);
      expect(miss.cache).toBe('page-cache;desc="miss"');
      expect(miss.html).toContain('data-n="');
      expect([miss.queries, miss.calls]).toEqual([queries, calls]);
    }
  });

  it("serves the pages of the page cache's run in one query", async () => {
    await warmPages(metered.url);
    for (const path of ['/results/', '/results/demo/']) {
      const hit = await staffView(path);
      expect(hit.cache, path).toBe('page-cache;desc="hit"');
      expect(hit.html).toContain('data-n="');
      expect([hit.queries, hit.calls]).toEqual([1, 1]);
    }
  });
});
