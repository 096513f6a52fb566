// The built Worker in workerd through Miniflare's API, for the test servers, the load test and the
// benchmarks: configured by wrangler from the same wrangler.json that `wrangler dev` and
// `wrangler deploy` read, in one process, without `wrangler dev`'s proxy Worker in front.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from 'wrangler';

/** Every module next to the entry, the entry first: the build's chunks (wrangler's `no_bundle`). */
function modulesOf(main) {
  const names = readdirSync(dirname(main), { recursive: true }).filter((name) => /\.m?js$/.test(name));
  const paths = names.map((name) => resolve(dirname(main), name)).sort((a, b) => Number(b === main) - Number(a === main));
  return { modulesRoot: dirname(main), modules: paths.map((path) => ({ type: 'ESModule', path })) };
}

const quietly = {
  // Worker console output and request lines: none, as `wrangler dev` with its output ignored.
  handleStructuredLogs: () => {},
  logRequests: false,
};

/**
 * Applies the migrations of the config's first D1 database that its migrations table does not list
 * yet, each in one batch with its row in that table: what `wrangler d1 migrations apply --local`
 * does (same statement splitter, same table), but in the running workerd instead of one new
 * Miniflare per statement.
 */
async function applyMigrations(mf, configPath) {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const database = config.d1_databases?.[0];
  if (!database) return;
  const dir = resolve(dirname(configPath), database.migrations_dir ?? 'migrations');
  if (!existsSync(dir)) return;
  const table = `"${(database.migrations_table ?? 'd1_migrations').replaceAll('"', '""')}"`;
  const db = await mf.getD1Database(database.binding);
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table}(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);`);
  const applied = new Set((await db.prepare(`SELECT name FROM ${table}`).all()).results.map((row) => row.name));
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    if (applied.has(name)) continue;
    const statements = unstable_splitSqlQuery(readFileSync(`${dir}/${name}`, 'utf8')).map((sql) => db.prepare(sql));
    await db.batch([...statements, db.prepare(`INSERT INTO ${table} (name) VALUES (?)`).bind(name)]);
  }
}

/**
 * Starts the Worker of `configPath` on 127.0.0.1:`port` with its D1 under `persistTo` (the layout
 * of wrangler's `--persist-to`, migrated first) and the secrets of `envFile` (`.dev.vars`);
 * resolves once it listens, with its URL and `stop()`.
 */
export async function startWorker({ configPath, port, persistTo, envFile, quiet = true, inspectorPort = undefined }) {
  const { workerOptions, main } = unstable_getMiniflareWorkerOptions(configPath);
  const secrets = envFile ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  // Miniflare 5 takes config-shaped options; wrangler converts its own (v4-shaped) ones so too.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port,
      resourcePersistencePath: `${persistTo}/v3`,
      // /cdn-cgi/local/scheduled runs the cron handler, as under `wrangler dev`.
      unsafeTriggerHandlers: true,
      // The placeholder request.cf, never fetched from the network (the Worker does not read it).
      cf: false,
      // V8's inspector on this port (bench/profile.mjs), when asked for.
      ...(inspectorPort === undefined ? {} : { inspectorPort }),
      ...(quiet ? quietly : {}),
      workers: [{ ...workerOptions, name: 'worker', ...modulesOf(main), bindings: { ...workerOptions.bindings, ...secrets } }],
    }),
  );
  try {
    const url = await mf.ready;
    await applyMigrations(mf, configPath);
    return { mf, url: url.origin, stop: () => mf.dispose() };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}

/** Migrates the local D1 under `persistTo` (wrangler's layout) without serving it. */
export async function migrateDatabase({ configPath, persistTo }) {
  const { stop } = await startWorker({ configPath, port: 0, persistTo });
  await stop();
}
