// How long migrations 0026–0031 take on a database the size of a company's after a year, against
// D1's limit on a query's duration (30 s): each statement timed on its own, in node:sqlite on this
// machine. Migrations 0001–0025 make the schema, bench/migration-seed.mjs fills it as it was
// before 0026, then each migration runs statement by statement in one transaction (wrangler sends a
// file to D1 as one query, rolled back whole on an error).
// Usage: npm run bench:migrations [-- answers]   (default 1,000,000: 6–7 minutes on the 2-core machine, 5–6 of them filling)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { seedBefore0026 } from './migration-seed.mjs';
import { labelOf, statementsOf } from './sql-statements.mjs';
import { count } from './record.mjs';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
// Cloudflare's D1 limits: "Maximum SQL query duration: 30 seconds".
const D1_QUERY_SECONDS = 30;
const TIMED = ['0026', '0027', '0028', '0029', '0030', '0031'];
// The tables the timed migrations copy, counted before and after: a copy must keep every row.
const COPIED = ['responses', 'alerts', 'alert_deliveries', 'follow_ups', 'follow_up_history', 'rollup_ledger', 'response_themes'];
// And the two 0026 reshapes: a row per score becomes a row per day (or month).
const RESHAPED = ['rollup_days', 'rollup_months'];

const migrationsDir = new URL('../migrations/', import.meta.url);
const migrationFile = (number) => {
  const name = readdirSync(migrationsDir).find((f) => f.startsWith(`${number}_`) && f.endsWith('.sql'));
  if (!name) throw new Error(`no migration ${number} in migrations/`);
  return { name, sql: readFileSync(new URL(name, migrationsDir), 'utf8') };
};

const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const seconds = (ms) => (ms / 1000).toFixed(2);
const cpuSeconds = (usage) => ((usage.user + usage.system) / 1e6).toFixed(2);
const rowsOf = (db, tables) => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) AS n FROM ${t}`).get().n]));

const folder = mkdtempSync(`${tmpdir()}/nps-bench-migrations-`);
const file = `${folder}/d1.sqlite`;
console.log(`\nbench/migrations: migrations ${TIMED.join(', ')} on ${count(TOTAL)} answers over a year, node:sqlite ${new DatabaseSync(':memory:').prepare('SELECT sqlite_version() AS v').get().v}, ${new Date().toISOString().slice(0, 16)}Z`);
console.log(`  load average (1 / 5 / 15 min) at start: ${load()}`);
try {
  const db = new DatabaseSync(file);
  const startedAt = performance.now();
  // Each file as it is, as D1 runs it.
  for (const name of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort().filter((f) => f < TIMED[0])) db.exec(readFileSync(new URL(name, migrationsDir), 'utf8'));
  const monthsBackfill = statementsOf(migrationFile('0025').sql).filter((s) => /^INSERT INTO/i.test(labelOf(s)));
  seedBefore0026(db, TOTAL, monthsBackfill);
  const before = rowsOf(db, [...COPIED, ...RESHAPED]);
  console.log(`  filled as before 0026 in ${seconds(performance.now() - startedAt)} s: ${(statSync(file).size / 1e6).toFixed(0)} MB; ${Object.entries(before).map(([t, n]) => `${t} ${count(n)}`).join(', ')}`);

  console.log(`\n  ${'migration'.padEnd(9)} ${'statement'.padEnd(60)} ${'rows'.padStart(9)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(6)}  under 30 s`);
  const totals = [];
  for (const number of TIMED) {
    const { name, sql } = migrationFile(number);
    const loadBefore = load();
    const started = performance.now();
    const cpu = process.cpuUsage();
    let longest = 0;
    const time = (label, run) => {
      const t = performance.now();
      const c = process.cpuUsage();
      const rows = run();
      const ms = performance.now() - t;
      longest = Math.max(longest, ms);
      const cells = [number.padEnd(9), label.slice(0, 60).padEnd(60), (rows === null ? '' : count(rows)).padStart(9), seconds(ms).padStart(7), cpuSeconds(process.cpuUsage(c)).padStart(6)];
      console.log(`  ${cells.join(' ')}  ${ms < D1_QUERY_SECONDS * 1000 ? 'yes' : 'NO'}`);
    };
    db.exec('BEGIN');
    for (const statement of statementsOf(sql)) {
      const label = labelOf(statement);
      // Rows only where SQLite counts them: an INSERT, UPDATE or DELETE's own changes.
      time(label, () => {
        const { changes } = db.prepare(statement).run();
        return /^(INSERT|UPDATE|DELETE)\b/i.test(label) ? Number(changes) : null;
      });
    }
    time('COMMIT (the transaction written out)', () => (db.exec('COMMIT'), null));
    totals.push({ name, ms: performance.now() - started, cpu: process.cpuUsage(cpu), longest, loadBefore });
  }
  const after = rowsOf(db, [...COPIED, ...RESHAPED]);
  db.close();

  console.log(`\n  ${'migration'.padEnd(82)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(6)} ${'longest s'.padStart(9)}  file under 30 s  load before`);
  for (const t of totals) {
    console.log(`  ${t.name.slice(0, 82).padEnd(82)} ${seconds(t.ms).padStart(7)} ${cpuSeconds(t.cpu).padStart(6)} ${seconds(t.longest).padStart(9)}  ${(t.ms < D1_QUERY_SECONDS * 1000 ? 'yes' : 'NO').padEnd(15)}  ${t.loadBefore}`);
  }
  const lost = COPIED.filter((t) => after[t] !== before[t]);
  if (lost.length) process.exitCode = 1;
  console.log(`\n  rows kept by the rewrites: ${lost.length ? `NO, ${lost.map((t) => `${t} ${before[t]} → ${after[t]}`).join(', ')}` : `all (${COPIED.join(', ')})`}`);
  console.log(`  rollup rows: rollup_days ${count(before.rollup_days)} → ${count(after.rollup_days)}, rollup_months ${count(before.rollup_months)} → ${count(after.rollup_months)}`);
  console.log(`  load average (1 / 5 / 15 min) at end: ${load()} (${cpus().length} cores)`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
