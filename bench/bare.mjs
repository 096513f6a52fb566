// The bare Worker of bench/ingest, bench/cpu and bench/profile (bench/bare-worker.ts: a Hono
// Worker that only inserts a row): bundled by wrangler as a deploy would, then served through
// Miniflare from its own config and database under `scratch`, its table made. Options add what
// the product pays locally on top: `limit`, a rate limiter it asks first (as the product's
// RESPONSE_LIMITER, limit raised as in unlimitedConfig); `assets`, the product's built static
// files in front, the route run Worker-first (Miniflare's asset router, as for /api/*).
import { mkdirSync, writeFileSync } from 'node:fs';
import { root, run, serve } from '../.ci/local.mjs';

const BARE = { name: 'bare', compatibility_date: '2026-10-01', d1_databases: [{ binding: 'DB', database_name: 'bare', database_id: '00000000-0000-0000-0000-000000000001' }] };

/** Serves the bare Worker; resolves as `serve` does. Its one route: POST /answer {"score": n}. */
export async function serveBare(scratch, { limit = false, assets = false, ...options } = {}) {
  const dir = `${scratch}/bare${limit ? '-limit' : ''}${assets ? '-assets' : ''}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/wrangler.json`, JSON.stringify({ ...BARE, main: `${root}bench/bare-worker.ts` }));
  run('wrangler', ['deploy', '--dry-run', '-c', `${dir}/wrangler.json`, '--outdir', `${dir}/bundle`], { quiet: true });
  const config = {
    ...BARE,
    main: 'bare-worker.js',
    no_bundle: true,
    ...(limit ? { ratelimits: [{ name: 'LIMIT', namespace_id: '1002', simple: { limit: 1_000_000_000, period: 60 } }] } : {}),
    ...(assets ? { assets: { directory: `${root}dist/client`, binding: 'ASSETS', run_worker_first: ['/answer'] } } : {}),
  };
  writeFileSync(`${dir}/bundle/wrangler.json`, JSON.stringify(config));
  const bare = await serve({ persistTo: `${dir}/state`, config: `${dir}/bundle/wrangler.json`, ...options });
  await (await bare.mf.getD1Database('DB')).exec('CREATE TABLE answers (id INTEGER PRIMARY KEY, score INTEGER, created_at INTEGER)');
  return bare;
}

/** One answer to the bare Worker. */
export const bareAnswer = (url, n) => fetch(`${url}/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ score: n % 11 }) });
