// Where workerd's CPU goes per answer: serves the built Worker (or bench/ingest's bare Worker)
// through Miniflare, with V8 writing its JIT symbols for Linux perf, and records the workerd
// process with `perf record -g` (CPU-clock samples: on-CPU time only) while concurrent clients send
// one kind of request. Each sample goes to the innermost JavaScript function on its stack, which
// also tells the isolate (its script: the Worker's chunks, Miniflare's entry, asset router, D1 and
// rate-limit objects), or, with none, to the C++ it was in (SQLite's commit, fsync, workerd's own
// HTTP and event loop). Prints ms of CPU per request by place, beside /proc's figure for the same
// run, and the Worker's functions by self time and by inclusive time (with all they call, once a sample).
// The V8 inspector's sampling profiler is no use here: its samples count time an isolate is
// entered but waiting (47 ms per answer summed over the isolates, against 3.4 ms of process CPU).
// Needs Linux perf (root or kernel.perf_event_paranoid ≤ 1).
// Usage: npm run build && node bench/profile.mjs [json|form|trivial|bare|bare-limit|bare-assets|bare-both …]
//        (default: bare json; bare-… are bench/bare.mjs's variants: the rate limiter, the asset router, both)
//        BENCH_SECONDS=8  BENCH_CONCURRENCY=16  BENCH_TOP=30
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serve, unlimitedConfig } from '../.ci/local.mjs';
import { bareAnswer, serveBare } from './bare.mjs';
import { load } from './load.mjs';
import { attribute } from './perf-samples.mjs';
import { cpuMillis, descendantsNamed } from './proc.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const HZ = 1999;
const CASES = process.argv.length > 2 ? process.argv.slice(2) : ['bare', 'json'];
const DEPARTMENTS = ['Support', 'Sales', 'Delivery', 'Billing'];
// Read by Miniflare when it spawns workerd: JIT code named in /tmp/perf-<pid>.map, interpreted frames too.
process.env.MINIFLARE_WORKERD_V8_FLAGS = '--perf-basic-prof --interpreted-frames-native-stack';

/** The requests of each case, as bench/ingest sends them. */
const REQUESTS = {
  bare: (url, n) => bareAnswer(url, n),
  'bare-limit': (url, n) => bareAnswer(url, n),
  'bare-assets': (url, n) => bareAnswer(url, n),
  'bare-both': (url, n) => bareAnswer(url, n),
  json: (url, n) =>
    fetch(`${url}/api/surveys/demo/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score: n % 11, reason: 'Quick and friendly', locale: 'sv', segments: { department: DEPARTMENTS[n % 4] }, answers: { value: 'price' } }),
    }),
  form: (url, n) =>
    fetch(`${url}/sv/s/demo/?department=${DEPARTMENTS[n % 4]}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: `score=${n % 11}&reason=Snabb+leverans&answers.value=price`,
    }),
  trivial: (url) => fetch(`${url}/api/nothing`),
};

async function profileCase(kind) {
  const scratch = mkdtempSync(`${tmpdir()}/nps-bench-profile-`);
  const before = new Set(descendantsNamed(process.pid, 'workerd'));
  const variant = { limit: kind === 'bare-limit' || kind === 'bare-both', assets: kind === 'bare-assets' || kind === 'bare-both' };
  const server = kind.startsWith('bare') ? await serveBare(scratch, variant) : await serve({ persistTo: `${scratch}/product`, config: unlimitedConfig() });
  const [pid] = descendantsNamed(process.pid, 'workerd').filter((p) => !before.has(p));
  const request = (n) => REQUESTS[kind](server.url, n);
  try {
    await load({ seconds: 2, concurrency: CONCURRENCY, request }); // warm-up: every isolate compiled
    const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', String(HZ), '-g', '-p', String(pid), '-o', `${scratch}/perf.data`], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpuStart = cpuMillis([pid]);
    const run = await load({ seconds: SECONDS, concurrency: CONCURRENCY, request });
    const cpu = (cpuMillis([pid]) - cpuStart) / run.requests;
    perf.kill('SIGINT');
    await new Promise((resolve) => perf.on('exit', resolve));
    const script = spawnSync('perf', ['script', '-i', `${scratch}/perf.data`, '-F', 'period,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (script.status !== 0) throw new Error(`perf script: ${script.stderr}`);
    return { kind, run, cpu, ...attribute(script.stdout) };
  } finally {
    await server.stop();
    rmSync(`/tmp/perf-${pid}.map`, { force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ms = (x) => x.toFixed(3).padStart(8);
const pct = (x, of) => `${((100 * x) / of).toFixed(1).padStart(5)}%`;
for (const kind of CASES) {
  if (!REQUESTS[kind]) throw new Error(`no case "${kind}" (${Object.keys(REQUESTS).join(', ')})`);
  const r = await profileCase(kind);
  const n = r.run.requests;
  console.log(`\nbench/profile: ${kind}, ${CONCURRENCY} clients, ${SECONDS} s, perf at ${HZ} Hz, ${new Date().toISOString().slice(0, 19)}Z`);
  console.log(`  ${n} requests, ${r.run.rps.toFixed(0)}/s, p99 ${r.run.p99.toFixed(1)} ms, ${[...r.run.statuses].map(([s, k]) => `${s}×${k}`).join(' ')}; workerd ${r.cpu.toFixed(2)} ms CPU a request by /proc, ${(r.total / n).toFixed(2)} by perf`);
  console.log(`  ${'place'.padEnd(78)} ${'ms/req'.padStart(8)}  share`);
  for (const [place, t] of [...r.places].sort((a, b) => b[1] - a[1])) console.log(`  ${place.padEnd(78)} ${ms(t / n)} ${pct(t, r.total)}`);
  console.log(`\n  The Worker's JS (${(r.worker / n).toFixed(3)} ms a request): ms per request by self time (with the native code it called),`);
  console.log(`  by inclusive time, share of all workerd CPU`);
  for (const [name, t] of [...r.inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`  ${ms((r.self.get(name) ?? 0) / n)} ${ms(t / n)} ${pct(t, r.total)}  ${name}`);
  }
}
