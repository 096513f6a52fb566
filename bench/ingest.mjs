// Ingestion: answers per second and p50/p99 latency of the product (JSON and form posts)
// against a bare Hono Worker that only inserts a row, both in workerd through Miniflare (local
// D1) on loopback, measured in the same run. Usage: npm run build && npm run bench:ingest
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serve, unlimitedConfig } from '../.ci/local.mjs';
import { bareAnswer, serveBare } from './bare.mjs';
import { combine, load } from './load.mjs';
import { cpuMillis, descendantsNamed } from './proc.mjs';
import { record } from './record.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
// Interleaved: each case runs ROUNDS times for SECONDS / ROUNDS, the cases in turn, so a change in
// the machine's load while the bench runs falls on every case alike.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const scratch = mkdtempSync(`${tmpdir()}/nps-bench-ingest-`);

/** A server and the workerd process it spawned, whose CPU (/proc) each case's rounds count. */
async function withPids(start) {
  const before = new Set(descendantsNamed(process.pid, 'workerd'));
  const server = await start();
  return { ...server, pids: descendantsNamed(process.pid, 'workerd').filter((pid) => !before.has(pid)) };
}
const product = await withPids(() => serve({ persistTo: `${scratch}/product`, config: unlimitedConfig() }));
const bare = await withPids(() => serveBare(scratch));
// The same bare Worker, asking a rate limiter first and behind the asset router: what the product
// pays locally for its rate limit and its static files before any code of its own.
const served = await withPids(() => serveBare(scratch, { limit: true, assets: true }));

const DEPARTMENTS = ['Support', 'Sales', 'Delivery', 'Billing'];
const json = (n) => JSON.stringify({ score: n % 11, reason: 'Quick and friendly', locale: 'sv', segments: { department: DEPARTMENTS[n % 4] }, answers: { value: 'price' } });
const runs = [];
try {
  const cases = [
    ['bare Worker: insert only (JSON)', (n) => bareAnswer(bare.url, n), bare],
    ['bare Worker + rate limit + assets', (n) => bareAnswer(served.url, n), served],
    // The product Worker's own ceiling: a route that touches no storage (static-asset router
    // in front, the whole bundle loaded), to tell its fixed cost from the cost of an answer.
    ['product: trivial route, no D1 (404)', () => fetch(`${product.url}/api/nothing`), product],
    ['product: JSON API', (n) => fetch(`${product.url}/api/surveys/demo/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(n) }), product],
    ['product: no-JS form post (303)', (n) => fetch(`${product.url}/sv/s/demo/?department=${DEPARTMENTS[n % 4]}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: `score=${n % 11}&reason=Snabb+leverans&answers.value=price` }), product],
  ];
  for (const [, request] of cases) await load({ seconds: 2, concurrency: CONCURRENCY, request }); // warm-up
  const results = cases.map(() => []);
  // The CPU its workerd spent during a case's rounds (the others' are idle then), per request.
  const cpu = cases.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, request, server]] of cases.entries()) {
      const before = cpuMillis(server.pids);
      results[i].push(await load({ seconds: SECONDS / ROUNDS, concurrency: CONCURRENCY, request }));
      cpu[i] += cpuMillis(server.pids) - before;
    }
  }
  for (const [i, [name]] of cases.entries()) {
    const run = combine(results[i]);
    runs.push([name, { ...run, cpu: cpu[i] / run.requests }]);
  }
} finally {
  await product.stop();
  await bare.stop();
  await served.stop();
}
rmSync(scratch, { recursive: true, force: true });

const floor = runs[0][1].rps;
console.log(`\nbench/ingest: ${SECONDS} s per case in ${ROUNDS} interleaved rounds, ${CONCURRENCY} concurrent clients, loopback, Miniflare (workerd + local D1), ${new Date().toISOString().slice(0, 10)}`);
console.log(`  CPU: the workerd's user + system time over the case's rounds (/proc), per request (SQLite's commits and their fsync included: locally they run in that process).`);
console.log(`  ${'case'.padEnd(34)} ${'answers/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs bare'.padStart(8)} ${'CPU ms'.padStart(7)}  statuses`);
for (const [name, r] of runs) {
  const statuses = [...r.statuses].map(([s, n]) => `${s}×${n}`).join(' ') + (r.errors ? ` errors×${r.errors}` : '');
  console.log(`  ${name.padEnd(34)} ${r.rps.toFixed(0).padStart(10)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${(r.rps / floor).toFixed(2).padStart(8)} ${r.cpu.toFixed(2).padStart(7)}  ${statuses}`);
}

const bareRun = runs[0][1];
const servedRun = runs[1][1];
record('ingest', runs.slice(3).flatMap(([name, r]) => [
  { what: `${name}: answers/s against the bare Worker's (${bareRun.rps.toFixed(0)}/s)`, figure: `${r.rps.toFixed(0)}/s, ${(r.rps / floor).toFixed(2)}`, goal: '≥ 0.80', met: r.rps / floor >= 0.8 },
  { what: `${name}: p99 against the bare Worker's (${bareRun.p99.toFixed(0)} ms)`, figure: `${r.p99.toFixed(0)} ms, ${(r.p99 / bareRun.p99).toFixed(2)}×`, goal: '≤ 1.2×', met: r.p99 / bareRun.p99 <= 1.2 },
  { what: `${name}: answers/s against the bare Worker's with the local rate limiter and asset router (${servedRun.rps.toFixed(0)}/s)`, figure: `${(r.rps / servedRun.rps).toFixed(2)}` },
  { what: `${name}: workerd CPU per answer under load against the bare Worker's (${bareRun.cpu.toFixed(1)} ms) and with rate limiter and assets (${servedRun.cpu.toFixed(1)} ms)`, figure: `${r.cpu.toFixed(1)} ms, ${(r.cpu / bareRun.cpu).toFixed(2)}×, ${(r.cpu / servedRun.cpu).toFixed(2)}×` },
]));
