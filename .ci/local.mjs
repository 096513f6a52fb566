// The product on this machine: build, migrate the local D1, serve with wrangler (workerd).
// `npm start` runs it under `wrangler dev`; the browser tests, the load test and the benchmarks
// import `serve` to start the same built Worker through Miniflare's API (.ci/miniflare.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countResponses, localDatabaseFile, seedOutbox, seedResponses } from './demo-data.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = 'dist/server/wrangler.json';
const bin = (name) => `${root}node_modules/.bin/${name}`;

/** Runs a tool of node_modules/.bin under this Node; throws (with its output, if quiet) on failure. */
export function run(command, args, options = {}) {
  // The Node running this script (npm scripts: the project's Node 24), not whatever is on PATH.
  const result = spawnSync(process.execPath, [bin(command), ...args], { cwd: root, stdio: options.quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return result.stdout;
}

/** Local secrets live in .dev.vars (git-ignored); the admin token and the suppression key are made on first start. */
export function ensureDevVars() {
  const path = `${root}.dev.vars`;
  if (!existsSync(path)) {
    writeFileSync(path, `ADMIN_TOKEN=${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  // Added to a .dev.vars made before erasure existed.
  const vars = readFileSync(path, 'utf8');
  if (!/^SUPPRESSION_KEY=./m.test(vars)) {
    appendFileSync(path, `${vars === '' || vars.endsWith('\n') ? '' : '\n'}SUPPRESSION_KEY=${randomBytes(32).toString('base64url')}\n`);
  }
  const token = /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync(path, 'utf8'))?.[1]?.trim();
  if (!token) throw new Error('.dev.vars has no ADMIN_TOKEN line');
  return { path, token };
}

export function build({ quiet = false } = {}) {
  run('astro', ['build'], { quiet });
}

export function migrate(persistTo, { quiet = false } = {}) {
  run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '-c', CONFIG, '--persist-to', persistTo], { quiet });
}

/**
 * A copy of the built config with the answer rate limit raised, for load tests and benchmarks
 * that send thousands of answers from one address.
 */
export function unlimitedConfig() {
  const path = `${root}dist/server/wrangler.unlimited.json`;
  const config = JSON.parse(readFileSync(`${root}${CONFIG}`, 'utf8'));
  config.ratelimits = (config.ratelimits ?? []).map((limit) => ({ ...limit, simple: { ...limit.simple, limit: 1_000_000_000 } }));
  writeFileSync(path, JSON.stringify(config));
  return 'dist/server/wrangler.unlimited.json';
}

/**
 * The built Worker (or the Worker of another wrangler config) in workerd through Miniflare, on a
 * free port unless one is given, with its local D1 under `persistTo` migrated and the secrets of
 * .dev.vars: the same answers as `wrangler dev` with one proxy fewer. Resolves with its URL and
 * `stop()`.
 */
export async function serve({ persistTo, config = CONFIG, port = 0, quiet = true, inspectorPort = undefined }) {
  // Imported here: `npm start` and `npm run seed` do without it (and wrangler's 15 MB of code).
  const { startWorker } = await import('./miniflare.mjs');
  return startWorker({ configPath: resolve(root, config), port, persistTo, envFile: ensureDevVars().path, quiet, inspectorPort });
}

/** Migrates a local D1 for `serve` without starting it (to seed it first, as bench/report does). */
export async function migrateForServe(persistTo, { config = CONFIG } = {}) {
  const { migrateDatabase } = await import('./miniflare.mjs');
  await migrateDatabase({ configPath: resolve(root, config), persistTo });
}

/** `npm start`: `wrangler dev` on the built Worker (its request log, the Worker's output, its inspector). */
async function wranglerDev({ port, persistTo }) {
  const child = spawn(
    process.execPath,
    // --env-file: the secrets of .dev.vars even when it was made after the build.
    [bin('wrangler'), 'dev', '-c', CONFIG, '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo, '--env-file', `${root}.dev.vars`, '--show-interactive-dev-session=false'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/s/demo/`);
      return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`wrangler dev did not answer on ${url} within 60 s`);
}

/** Demo answers for the demo and support surveys; `force` adds them even to a non-empty database. */
export function seed(persistTo, { force = false } = {}) {
  const file = localDatabaseFile(persistTo);
  if (!force && countResponses(file) > 0) return false;
  seedResponses(file, { survey: 'demo', total: 3000, seed: 7 });
  seedResponses(file, { survey: 'support', total: 1200, days: 180, seed: 11 });
  // The invitations mailed lately, for /results/outbox (README, "E-mail invitations").
  seedOutbox(file, { survey: 'demo', count: 12 });
  return true;
}

/**
 * `npm run seed`: the demo answers again, on top of what is there; with `fresh`, into an empty
 * D1 first (its files removed, then migrated anew), so answers sent by hand or by a load test,
 * and the rollups made of them, are gone.
 */
export function reseed(persistTo, { fresh = false, quiet = false } = {}) {
  if (fresh) rmSync(`${persistTo}/v3/d1`, { recursive: true, force: true });
  migrate(persistTo, { quiet });
  seed(persistTo, { force: true });
}

/** Runs the scheduled rollup now, as the cron trigger does in production. */
export async function runSchedule(url) {
  const res = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent('*/15 * * * *')}`);
  if (!res.ok) throw new Error(`scheduled handler answered ${res.status}`);
}

/** The page cache's Cron Trigger (wrangler.toml; WARM_CRON in functions/jobs/warm-pages.ts). */
export const WARM_CRON = '7-59/15 * * * *';

/**
 * Runs the page cache's Cron run now (functions/jobs/warm-pages.ts): /results/ and the surveys'
 * default views rendered and stored, the only pages stored (a staff member's view is not).
 */
export async function warmPages(url) {
  const res = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(WARM_CRON)}`);
  if (!res.ok) throw new Error(`scheduled handler answered ${res.status}`);
}

/** Runs the rollup through the admin API until it reports nothing left to fold. */
async function catchUp(url, token) {
  for (;;) {
    const res = await fetch(`${url}/api/admin/regenerate`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`regenerate answered ${res.status}`);
    if ((await res.json()).caughtUp) return;
  }
}

async function start() {
  const port = Number(process.env.PORT ?? 8787);
  const persistTo = `${root}.wrangler/state`;
  const { path, token } = ensureDevVars();
  const began = Date.now();
  build();
  migrate(persistTo);
  const seeded = seed(persistTo);
  const { child, url } = await wranglerDev({ port, persistTo });
  // The rollup at start (until it has folded the whole backlog: one run stays inside D1's 50
  // queries per invocation), then every 15 minutes, as the Cron Trigger does in production; each
  // time followed by the page cache's run, which stores /results/ and the surveys' default views.
  const cron = () => warmPages(url).catch((error) => console.error(`page cache: ${error.message}`));
  await catchUp(url, token);
  await cron();
  setInterval(() => runSchedule(url).then(cron, (error) => console.error(error.message)), 15 * 60_000).unref();
  console.log(`
  NPS is running (ready in ${((Date.now() - began) / 1000).toFixed(1)} s)
    survey        ${url}/s/demo/   (also /sv/s/demo/, /de/s/demo/ …)
    results       ${url}/results/   (sign in with the admin token)
    outbox        ${url}/results/outbox   (mails are kept here, never delivered: see README, "E-mail invitations")${seeded ? '\n    demo data     a year of answers seeded into the empty database' : ''}
    API docs      ${url}/api/openapi.json
    admin token   ADMIN_TOKEN in ${path}   (curl -H "Authorization: Bearer ${token.slice(0, 4)}…")
    local D1      ${persistTo}
  Ctrl-C stops it.
`);
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'start') await start();
  if (process.argv[2] === 'seed') {
    // Seeding writes the SQLite file directly: stop `npm start` first.
    const fresh = process.argv.includes('--fresh');
    build({ quiet: true });
    reseed(`${root}.wrangler/state`, { fresh, quiet: true });
    console.log(`${fresh ? 'Emptied the local D1 and seeded' : 'Seeded'} demo answers; \`npm start\` folds them into the results.`);
  }
}
