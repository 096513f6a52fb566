import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevVars, migrateForServe, root, serve } from '../../.ci/local.mjs';
import { localDatabaseFile, seedResponses } from '../../.ci/demo-data.mjs';

// The built Worker, Astro included, through bench/meter-worker.mjs (as bench/cpu counts): a
// results page's miss costs the page cache's lookup, which also reads what the page's loader would
// read first (the status, where the node has data), one batch of the loader's reads and the store.
// Each D1 call costs a miss about 1 ms of workerd's CPU here (bench/page-profile.mjs).
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

async function view(path: string) {
  const res = await fetch(`${metered.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const html = await res.text();
  expect(res.status, path).toBe(200);
  return { html, queries: Number(res.headers.get('x-bench-queries')), cache: res.headers.get('server-timing') };
}

describe('D1 queries of a results page on the built Worker', () => {
  it.each([
    // The lookup (1), the loader's five reads in one batch, the store (2); the status and the node's bounds were 2 more.
    ['/results/demo/', 8],
    ['/results/demo/?department=Support&function=Tier%201', 8],
    // With a period before it to compare with: its totals and its children's, 2 more.
    ['/results/demo/?period=90&department=Support', 10],
    // The lookup, the headlines (the status was one more), the store.
    ['/results/', 4],
  ])('%s: a miss makes %i queries, the next view 1', async (page, expected) => {
    const path = `${page}${page.includes('?') ? '&' : '?'}run=${crypto.randomUUID()}`;
    const miss = await view(path);
    expect(miss.cache).toBe('page-cache;desc="miss"');
    expect(miss.html).toContain('data-n="');
    expect(miss.queries).toBe(expected);
    const hit = await view(path);
    expect(hit.cache).toBe('page-cache;desc="hit"');
    expect(hit.queries).toBe(1);
  });
});
