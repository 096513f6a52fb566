// Where a results page's CPU goes: seeds a year of answers (as bench/cpu), serves the built Worker
// through Miniflare with V8's inspector on, and for each results page rendered anew (a miss: a
// query string of its own each time, so nothing is served from the page cache) prints the workerd
// process's CPU per request (/proc, an idle baseline subtracted, as bench/cpu), then a CPU profile of
// the Worker's isolate over the same requests: self time by script and by function, top 30.
// Usage: npm run build && node bench/page-profile.mjs [answers]   (default 200,000)
//        PROFILE_REQUESTS=60 (per page and round)  PROFILE_ROUNDS=3 (rounds of /proc figures, interleaved)
//        PROFILE_DB=<dir>: keep the seeded, folded database there and reuse it on the next run
//        PROFILE_PAGES=demo,drill (which pages to profile; all by default)  PROFILE_ONLY=cpu|profile|replay
//        PROFILE_BUILDS=dist,/tmp/other-dist (builds served side by side, their rounds interleaved)
// PROFILE_ONLY=replay splits a miss's CPU in two: the same D1 calls made again alone by a bench-only
// entry (bench/replay-worker.mjs), and the rest, the Worker's own work.
// Read the CPU profile with care: workerd runs D1 in the same thread, and a sample taken while the
// isolate waits (on D1, on a timer) is counted to the frame that waits (fetch, _wrappedFetch,
// setTimeout, a middleware after its await), so its total is the wall time, not the CPU. Its figures
// for code that does not wait (a render, a loop) hold; PROFILE_UNDER=renderPage keeps the samples
// under one function. The /proc and replay figures are the ones to quote.
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureDevVars, migrateForServe, root, serve } from '../.ci/local.mjs';
import { localDatabaseFile, organisation, seedResponses } from '../.ci/demo-data.mjs';
import { cpuMillis, descendantsNamed } from './proc.mjs';

const TOTAL = Number(process.argv[2] ?? 200_000);
const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 60);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3);
const KEEP = process.env.PROFILE_DB;
const ONLY = process.env.PROFILE_ONLY;
const INSPECTOR_PORT = 9400 + Math.floor(Math.random() * 500);
const { token } = ensureDevVars();
const auth = { authorization: `Bearer ${token}` };
const DRILL_DOWN = '/results/demo/?department=Support&function=Support%201';
const PAGES = [
  ['index', 'GET /results/, miss', '/results/'],
  ['demo', 'GET /results/demo/, miss', '/results/demo/'],
  ['drill', 'drill-down: GET /results/demo/?department=…&function=…, miss', DRILL_DOWN],
  ['month', 'GET /results/demo/?period=30, miss (a weekly trend, read by week)', '/results/demo/?period=30'],
  ['quarter', 'GET /results/demo/?period=90, miss (a weekly trend, read by week)', '/results/demo/?period=90'],
  ['year', 'GET /results/demo/?period=365, miss', '/results/demo/?period=365'],
  ['hit', 'GET /results/demo/, hit', null],
  ['trivial', 'trivial route: GET /api/nothing (404, no D1)', null],
];
const chosen = new Set((process.env.PROFILE_PAGES ?? PAGES.map((p) => p[0]).join(',')).split(','));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function regenerate(url) {
  const res = await fetch(`${url}/api/admin/regenerate`, { method: 'POST', headers: auth });
  if (!res.ok) throw new Error(`regenerate: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A database seeded with TOTAL answers and folded: PROFILE_DB's copy when it has one. */
async function database() {
  if (KEEP && existsSync(`${KEEP}/v3`)) return KEEP;
  const persistTo = mkdtempSync(`${tmpdir()}/nps-bench-profile-`);
  await migrateForServe(persistTo);
  seedResponses(localDatabaseFile(persistTo), { survey: 'demo', total: TOTAL, unanswered: 1, org: organisation({ departments: 8, functionsEach: 5, people: 500 }) });
  const { url, stop } = await serve({ persistTo });
  try {
    while (!(await regenerate(url)).caughtUp);
  } finally {
    await stop();
  }
  if (KEEP) cpSync(persistTo, KEEP, { recursive: true });
  return persistTo;
}

/** The request of one page kind; a miss gets a query string of its own each time. */
function requester(url, [kind, , path]) {
  let n = 0;
  const stamp = Date.now();
  if (kind === 'trivial') return () => fetch(`${url}/api/nothing`);
  if (kind === 'hit') return () => fetch(`${url}/results/demo/`, { headers: auth });
  return () => fetch(`${url}${path}${path.includes('?') ? '&' : '?'}bench=${stamp}-${n++}`, { headers: auth });
}

async function drive(request, times) {
  for (let i = 0; i < times; i++) {
    const res = await request();
    await res.arrayBuffer();
    if (res.status !== 200 && res.status !== 404) throw new Error(`${res.url}: ${res.status}`);
  }
}

/** A CDP session over the inspector's WebSocket. */
async function connect(wsUrl) {
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const waiting = new Map();
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.error) w.reject(new Error(JSON.stringify(message.error)));
    else w.resolve(message.result);
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      id += 1;
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

/** Self time (ms) by function and by script, and total time by function (each sample once per function on its stack), of a .cpuprofile. */
function summarise(profile, top = 30) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const scriptOf = ({ callFrame }) => (callFrame.url ? callFrame.url.replace(/^.*\/dist\/server\//, '') : callFrame.functionName || '(native)');
  const nameOf = (node) => `${node.callFrame.functionName || '(anonymous)'} ${scriptOf(node)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
  const byFunction = new Map();
  const byScript = new Map();
  const inclusive = new Map();
  let total = 0;
  // PROFILE_UNDER=<function name>: only the samples with that function on their stack (e.g. renderPage).
  const under = process.env.PROFILE_UNDER;
  for (const [nodeId, ms] of self) {
    const node = nodes.get(nodeId);
    if (under) {
      let found = false;
      for (let id = nodeId; id !== undefined && !found; id = parent.get(id)) found = nodes.get(id).callFrame.functionName === under;
      if (!found) continue;
    }
    byFunction.set(nameOf(node), (byFunction.get(nameOf(node)) ?? 0) + ms);
    byScript.set(scriptOf(node), (byScript.get(scriptOf(node)) ?? 0) + ms);
    total += ms;
    const seen = new Set();
    for (let id = nodeId; id !== undefined; id = parent.get(id)) seen.add(nameOf(nodes.get(id)));
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
  const first = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { total, byFunction: first(byFunction), byScript: first(byScript), inclusive: first(inclusive) };
}

/**
 * A miss's CPU split in two, on the first build served by bench/replay-worker.mjs: PROFILE_REQUESTS
 * misses (each recorded), then the same D1 calls made again alone, in rounds; and a request that
 * touches nothing, for what any request costs.
 */
async function replaySplit(pages) {
  const build = builds[0].startsWith('/') ? builds[0] : `${root}${builds[0]}`;
  const server = `${build}/server`;
  copyFileSync(`${root}bench/replay-worker.mjs`, `${server}/replay-worker.mjs`);
  writeFileSync(`${server}/wrangler.replay.json`, JSON.stringify({ ...JSON.parse(readFileSync(`${server}/wrangler.json`, 'utf8')), main: 'replay-worker.mjs' }));
  const persistTo = mkdtempSync(`${tmpdir()}/nps-bench-profile-`);
  cpSync(seeded, persistTo, { recursive: true });
  const before = new Set(descendantsNamed(process.pid, 'workerd'));
  const replaying = await serve({ persistTo, config: `${server}/wrangler.replay.json` });
  try {
    const workerd = descendantsNamed(process.pid, 'workerd').filter((pid) => !before.has(pid));
    const idleStart = cpuMillis(workerd);
    const idleBegan = performance.now();
    await sleep(2000);
    const idlePerSecond = (cpuMillis(workerd) - idleStart) / ((performance.now() - idleBegan) / 1000);
    /** CPU ms per request of `times` requests made by `request(i)`. */
    const block = async (times, request) => {
      const cpuStart = cpuMillis(workerd);
      const began = performance.now();
      for (let i = 0; i < times; i++) {
        const res = await request(i);
        await res.arrayBuffer();
        if (res.status !== 200 && res.status !== 404) throw new Error(`${res.url}: ${res.status}`);
      }
      return (cpuMillis(workerd) - cpuStart - (idlePerSecond * (performance.now() - began)) / 1000) / times;
    };
    const trivial = () => fetch(`${replaying.url}/api/nothing`);
    const figures = pages.map(() => ({ miss: [], replay: [], alone: [], calls: new Map() }));
    const nothing = [];
    const replayOf = (n, calls) => fetch(`${replaying.url}/`, { headers: { 'x-bench-replay': n, ...(calls === undefined ? {} : { 'x-bench-calls': calls }) } });
    for (let round = 0; round < ROUNDS + 1; round++) {
      for (const [i, page] of pages.entries()) {
        const request = requester(replaying.url, page);
        const numbers = [];
        const miss = await block(REQUESTS, async () => {
          const res = await request();
          numbers.push(res.headers.get('x-bench-recording'));
          return res;
        });
        const replay = await block(REQUESTS, (k) => replayOf(numbers[k]));
        const alone = await block(REQUESTS, (k) => replayOf(numbers[k], 'none'));
        // Each call alone: what it is, from the replay's answer.
        const made = (await (await replayOf(numbers[0], 'none')).text()).split('\n');
        const calls = [];
        for (const [c] of made.entries()) calls.push(await block(REQUESTS, (k) => replayOf(numbers[k], String(c))));
        // The first round compiles the code each path runs: not counted.
        if (round === 0) continue;
        figures[i].miss.push(miss);
        figures[i].replay.push(replay);
        figures[i].alone.push(alone);
        for (const [c, what] of made.entries()) figures[i].calls.set(what, [...(figures[i].calls.get(what) ?? []), calls[c]]);
      }
      const idle = await block(REQUESTS, trivial);
      if (round > 0) nothing.push(idle);
    }
    const mean = (xs) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
    console.log(`\nbench/page-profile: a miss's workerd CPU split, ${REQUESTS} requests a round, ${ROUNDS} rounds; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    console.log(`  "D1 calls": the same calls made again alone (bench/replay-worker.mjs), less what a replay request costs with none:`);
    console.log(`  the binding's work in the Worker, and locally the database's. "the Worker": the miss less its D1 calls.`);
    console.log(`  ${'request'.padEnd(70)} ${'miss'.padStart(7)} ${'D1 calls'.padStart(9)} ${'the Worker'.padStart(11)}`);
    for (const [i, [, name]] of pages.entries()) {
      const miss = mean(figures[i].miss);
      const d1 = mean(figures[i].replay) - mean(figures[i].alone);
      console.log(`  ${name.padEnd(70)} ${miss.toFixed(2).padStart(7)} ${d1.toFixed(2).padStart(9)} ${(miss - d1).toFixed(2).padStart(11)}`);
      for (const [what, xs] of figures[i].calls) console.log(`    ${(mean(xs) - mean(figures[i].alone)).toFixed(2).padStart(6)}  ${what}`);
    }
    console.log(`  ${'a request that touches nothing (GET /api/nothing, 404)'.padEnd(70)} ${mean(nothing).toFixed(2).padStart(7)}`);
  } finally {
    await replaying.stop();
    rmSync(persistTo, { recursive: true, force: true });
    for (const name of ['replay-worker.mjs', 'wrangler.replay.json']) rmSync(`${server}/${name}`, { force: true });
  }
}

// PROFILE_BUILDS=dirA,dirB: copies of dist/ served side by side (a database copy each), their
// rounds interleaved, so a change is measured against the build before it under the same load.
const builds = (process.env.PROFILE_BUILDS ?? 'dist').split(',');
const seeded = await database();
const servers = [];
const pages = PAGES.filter((p) => chosen.has(p[0]));
try {
  for (const build of ONLY === 'replay' ? [] : builds) {
    const persistTo = mkdtempSync(`${tmpdir()}/nps-bench-profile-`);
    cpSync(seeded, persistTo, { recursive: true });
    const before = new Set(descendantsNamed(process.pid, 'workerd'));
    const config = `${build.startsWith('/') ? build : `${root}${build}`}/server/wrangler.json`;
    // The inspector only when profiling (and on the first build): with it on, workerd's CPU per request is higher.
    const inspectorPort = ONLY === 'cpu' || servers.length > 0 ? undefined : INSPECTOR_PORT;
    const server = await serve({ persistTo, config, inspectorPort });
    servers.push({ build, persistTo, ...server, workerd: descendantsNamed(process.pid, 'workerd').filter((pid) => !before.has(pid)) });
  }
  for (const server of servers) for (const page of pages) await drive(requester(server.url, page), 5); // compiles the code each page runs
  for (const server of servers) {
    const idleStart = cpuMillis(server.workerd);
    const idleBegan = performance.now();
    await sleep(2000);
    server.idlePerSecond = (cpuMillis(server.workerd) - idleStart) / ((performance.now() - idleBegan) / 1000);
  }
  const url = servers[0]?.url;

  if (ONLY !== 'profile' && ONLY !== 'replay') {
    const figures = new Map(servers.flatMap((server) => pages.map((p) => [`${server.build} ${p[0]}`, []])));
    for (let round = 0; round < ROUNDS; round++) {
      for (const page of pages) {
        for (const server of round % 2 ? [...servers].reverse() : servers) {
          const request = requester(server.url, page);
          const cpuStart = cpuMillis(server.workerd);
          const began = performance.now();
          await drive(request, REQUESTS);
          const cpu = cpuMillis(server.workerd) - cpuStart - (server.idlePerSecond * (performance.now() - began)) / 1000;
          figures.get(`${server.build} ${page[0]}`).push(cpu / REQUESTS);
        }
      }
    }
    console.log(`\nbench/page-profile: ${TOTAL.toLocaleString('en')} answers; workerd CPU ms per request (/proc), ${REQUESTS} requests a round, ${ROUNDS} rounds interleaved; idle subtracted; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    console.log(`  ${'build'.padEnd(16)} ${'request'.padEnd(70)} ${'mean'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}`);
    for (const [kind, name] of pages) {
      for (const server of servers) {
        const xs = figures.get(`${server.build} ${kind}`);
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        console.log(`  ${server.build.slice(-16).padEnd(16)} ${name.padEnd(70)} ${mean.toFixed(2).padStart(7)} ${Math.min(...xs).toFixed(2).padStart(7)} ${Math.max(...xs).toFixed(2).padStart(7)}`);
      }
    }
  }

  if (ONLY === 'replay') await replaySplit(pages.filter((p) => p[2]));

  if (ONLY !== 'cpu' && ONLY !== 'replay') {
    const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json();
    if (process.env.PROFILE_TARGETS) console.log(targets);
    // The product's Worker; PROFILE_TARGET=d1:db profiles Miniflare's D1 object instead.
    const target = targets.find((t) => t.id === (process.env.PROFILE_TARGET ?? 'core:user:worker'));
    if (!target) throw new Error(`no inspector target ${process.env.PROFILE_TARGET ?? 'core:user:worker'}: ${targets.map((t) => t.id).join(', ')}`);
    const cdp = await connect(target.webSocketDebuggerUrl);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    for (const page of pages.filter((p) => p[0] !== 'trivial' && p[0] !== 'hit')) {
      await cdp.send('Profiler.start');
      await drive(requester(url, page), REQUESTS);
      const { profile } = await cdp.send('Profiler.stop');
      const { total, byFunction, byScript, inclusive } = summarise(profile, Number(process.env.PROFILE_TOP ?? 30));
      console.log(`\n${page[1]}: CPU profile of the isolate "${target.title}", ${REQUESTS} requests, ${(total / REQUESTS).toFixed(2)} ms sampled a request (idle included)`);
      console.log(`  self ms a request, by script`);
      for (const [script, ms] of byScript) console.log(`  ${(ms / REQUESTS).toFixed(3).padStart(7)}  ${script}`);
      console.log(`  self ms a request, by function`);
      for (const [fn, ms] of byFunction) console.log(`  ${(ms / REQUESTS).toFixed(3).padStart(7)}  ${fn}`);
      console.log(`  total ms a request (self and callees), by function`);
      for (const [fn, ms] of inclusive) console.log(`  ${(ms / REQUESTS).toFixed(3).padStart(7)}  ${fn}`);
    }
    cdp.close();
  }
} finally {
  for (const server of servers) {
    await server.stop();
    rmSync(server.persistTo, { recursive: true, force: true });
  }
  if (seeded !== KEEP) rmSync(seeded, { recursive: true, force: true });
}
