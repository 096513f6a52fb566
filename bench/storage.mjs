// What the product keeps, measured: seeds answers into a fresh local D1 (a third through
// invitations, comments on 45%, as the demo does), folds them through the Worker's rollup, then
// reads SQLite's own page accounting (dbstat) per table and index. Prints bytes per answer, per
// rollup row, and how many answers fit in one D1 database (docs/scale.md uses these figures).
// Usage: npm run build && npm run bench:storage -- [responses]   (default 100,000, about a minute)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { ensureDevVars, migrateForServe, serve, unlimitedConfig } from '../.ci/local.mjs';
import { localDatabaseFile, seedResponses } from '../.ci/demo-data.mjs';
import { count, record } from './record.mjs';

const TOTAL = Number(process.argv[2] ?? 100_000);
const GB = 1e9;
const persistTo = mkdtempSync(`${tmpdir()}/nps-bench-storage-`);
const { token } = ensureDevVars();

await migrateForServe(persistTo);
const file = localDatabaseFile(persistTo);
seedResponses(file, { survey: 'demo', total: TOTAL, unanswered: 1 });
const { url, stop } = await serve({ persistTo, config: unlimitedConfig() });
try {
  for (;;) {
    const res = await fetch(`${url}/api/admin/regenerate`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`regenerate: ${res.status} ${await res.text()}`);
    if ((await res.json()).caughtUp) break;
  }
} finally {
  await stop();
}

const db = new DatabaseSync(file, { readOnly: true });
// Every b-tree (table or index) with the table it belongs to; FTS5's shadow tables count for the responses.
const trees = db.prepare(`SELECT name, tbl_name AS owner FROM sqlite_schema WHERE type IN ('table', 'index')`).all();
const stat = new Map(db.prepare(`SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat GROUP BY name`).all().map((r) => [r.name, r]));
const rowsOf = (table) => db.prepare(`SELECT count(*) AS n FROM "${table}"`).get().n;
const owner = (t) => (t.owner.startsWith('comment_search') ? 'responses' : t.owner);
const byTable = new Map();
for (const tree of trees) {
  const s = stat.get(tree.name);
  if (!s) continue;
  const entry = byTable.get(owner(tree)) ?? { bytes: 0, trees: [] };
  entry.bytes += s.bytes;
  entry.trees.push(tree.name);
  byTable.set(owner(tree), entry);
}
const total = [...stat.values()].reduce((sum, s) => sum + s.bytes, 0);
// What one answer brings with it: its row and indexes, its comment's full-text entry, the rollup's
// ledger and theme rows, its contact and invitations when it came through one.
const PER_ANSWER = ['responses', 'rollup_ledger', 'response_themes', 'invitations', 'contacts', 'outcomes'];
const perAnswer = PER_ANSWER.reduce((sum, t) => sum + (byTable.get(t)?.bytes ?? 0), 0) / TOTAL;
const ROLLUPS = ['rollup_days', 'rollup_themes', 'rollup_invitations', 'rollup_months', 'rollup_theme_months', 'rollup_invitation_months', 'rollup_weeks', 'rollup_theme_weeks'];

console.log(`\nbench/storage: ${TOTAL.toLocaleString('en')} answers over a year, folded; local D1 (SQLite pages, dbstat), ${new Date().toISOString().slice(0, 10)}`);
console.log(`  ${'table (with its indexes)'.padEnd(32)} ${'rows'.padStart(10)} ${'MB'.padStart(9)} ${'bytes/row'.padStart(10)}`);
for (const [table, entry] of [...byTable].sort((a, b) => b[1].bytes - a[1].bytes)) {
  if (entry.bytes < 8192 && !ROLLUPS.includes(table)) continue;
  const rows = rowsOf(table);
  console.log(`  ${table.padEnd(32)} ${rows.toLocaleString('en').padStart(10)} ${(entry.bytes / 1e6).toFixed(2).padStart(9)} ${(rows ? Math.round(entry.bytes / rows) : 0).toLocaleString('en').padStart(10)}`);
}
console.log(`  ${'database file'.padEnd(32)} ${''.padStart(10)} ${(total / 1e6).toFixed(2).padStart(9)}`);
console.log(`  bytes per answer (answer, comment index, ledger, themes, contact, invitations): ${Math.round(perAnswer)}`);
console.log(`  answers in one D1 database: ${Math.floor((10 * GB) / perAnswer).toLocaleString('en')} (10 GB, Workers Paid); ${Math.floor((0.5 * GB) / perAnswer).toLocaleString('en')} (500 MB, Free)`);
record('storage', [
  { what: `bytes kept per answer (${count(TOTAL)} answers over a year, with comment index, ledger, themes, contact, invitations)`, figure: `${count(perAnswer)} B` },
  { what: 'answers in one D1 database (10 GB, Workers Paid)', figure: count((10 * GB) / perAnswer) },
]);
db.close();
rmSync(persistTo, { recursive: true, force: true });
