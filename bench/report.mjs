// The results site at scale: seeds 1,000,000 responses into a fresh local D1, then prints the
// time of a full rollup, of an incremental one after 1,000 new answers, and the server time of
// results pages (median of 20; those of the page cache rendered and from it), beside the same
// figures computed by a full scan of responses.
// Usage: npm run build && npm run bench:report -- [responses]   (about 5 minutes for a million)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { ensureDevVars, migrateForServe, serve, unlimitedConfig } from '../.ci/local.mjs';
import { localDatabaseFile, seedResponses } from '../.ci/demo-data.mjs';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const persistTo = mkdtempSync(`${tmpdir()}/nps-bench-report-`);
const { token } = ensureDevVars();
const auth = { authorization: `Bearer ${token}` };
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms) => `${ms.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function regenerateAll(url) {
  let folded = 0;
  for (;;) {
    const res = await fetch(`${url}/api/admin/regenerate`, { method: 'POST', headers: auth });
    if (!res.ok) throw new Error(`regenerate: ${res.status} ${await res.text()}`);
    const report = await res.json();
    folded += report.responses;
    if (report.caughtUp) return folded;
  }
}

async function medianOf(n, fn) {
  const times = [];
  for (let i = 0; i < n; i++) times.push((await timed(fn)).ms);
  return median(times);
}

async function page(url, path) {
  const res = await fetch(`${url}${path}`, { headers: auth });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  await res.arrayBuffer();
}

await migrateForServe(persistTo);
const file = localDatabaseFile(persistTo);
const seeded = await timed(() => seedResponses(file, { survey: 'demo', total: TOTAL, unanswered: 1 }));
const { url, stop } = await serve({ persistTo, config: unlimitedConfig() });
const rows = [];
try {
  const full = await timed(() => regenerateAll(url));
  rows.push([`full rollup of ${full.value.toLocaleString('en')} responses`, seconds(full.ms)]);

  for (let i = 0; i < 1000; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        fetch(`${url}/api/surveys/demo/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ score: (i + k) % 11, reason: 'bench', segments: { department: 'Support', function: 'Tier 1', person: 'Eva' } }),
        }).then(async (r) => {
          if (r.status !== 201) throw new Error(`answer: ${r.status} ${await r.text()}`);
        }),
      ),
    );
  }
  const incremental = await timed(() => regenerateAll(url));
  rows.push([`incremental rollup of ${incremental.value} new answers`, millis(incremental.ms)]);

  // The cached pages (functions/http/page-cache.ts) twice: rendered (a query of its own each time,
  // as the first view after the rollup moved) and from the page cache (the same URL again).
  let fresh = 0;
  for (const path of ['/results/demo/', '/results/demo/?department=Support', '/results/']) {
    const rendered = () => page(url, `${path}${path.includes('?') ? '&' : '?'}bench=${(fresh += 1)}`);
    await rendered();
    rows.push([`GET ${path}, rendered (median of 20)`, millis(await medianOf(20, rendered))]);
    await page(url, path);
    rows.push([`GET ${path}, from the page cache (median of 20)`, millis(await medianOf(20, () => page(url, path)))]);
  }
  await page(url, '/results/demo/comments');
  rows.push(['GET /results/demo/comments (median of 20)', millis(await medianOf(20, () => page(url, '/results/demo/comments')))]);
  rows.push(['GET /api/surveys/demo/summary, a live full scan (median of 20)', millis(await medianOf(20, () => page(url, '/api/surveys/demo/summary')))]);

  // The page's figures (0–10 histogram, per department, per month) straight from responses.
  const db = new DatabaseSync(file, { readOnly: true });
  const scan = () => {
    db.prepare(`SELECT score, count(*) FROM responses WHERE survey = 'demo' GROUP BY score`).all();
    db.prepare(`SELECT json_extract(segments, '$.department') AS d, score, count(*) FROM responses WHERE survey = 'demo' GROUP BY d, score`).all();
    db.prepare(`SELECT strftime('%Y-%m', created_at / 1000, 'unixepoch') AS m, score, count(*) FROM responses WHERE survey = 'demo' GROUP BY m, score`).all();
  };
  rows.push(['same figures by full scan of responses, SQLite direct (median of 5)', millis(await medianOf(5, scan))]);
  db.close();
} finally {
  await stop();
}
rmSync(persistTo, { recursive: true, force: true });

console.log(`\nbench/report: ${TOTAL.toLocaleString('en')} responses (seeded in ${seconds(seeded.ms)}), local workerd + D1, ${new Date().toISOString().slice(0, 10)}`);
for (const [name, value] of rows) console.log(`  ${name.padEnd(78)} ${value.padStart(10)}`);
