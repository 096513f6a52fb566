// `npm run bench`: builds once, runs every bench in turn (each prints its own tables), then prints
// one table of the headline figures, each beside its goal, as Markdown for the README.
// Usage: npm run bench [-- answers]   (answers for the results-site benches, default 1,000,000;
// about 25 minutes in all on the 2-core CI machine)
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { ensureDevVars, run } from '../.ci/local.mjs';

const ANSWERS = process.argv[2] ?? '1000000';
const folder = mkdtempSync(`${tmpdir()}/nps-bench-all-`);
// In the order of the table; the answers argument goes to the benches that seed a year of answers.
const BENCHES = [
  ['ingest', 'bench/ingest.mjs', []],
  ['cpu', 'bench/cpu.mjs', [ANSWERS]],
  ['report', 'bench/report.mjs', [ANSWERS]],
  ['storage', 'bench/storage.mjs', []],
  ['weight', 'bench/page-weight.mjs', []],
  ['bundle', 'bench/bundle.mjs', []],
];

// The build copies .dev.vars (the admin token the benches sign in with) next to the Worker it serves.
ensureDevVars();
run('astro', ['build'], { quiet: true });
const failed = [];
for (const [name, file, args] of BENCHES) {
  const result = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit', env: { ...process.env, BENCH_RECORD: folder } });
  if (result.status !== 0) failed.push(name);
}

const cell = (text) => String(text).replaceAll('|', '\\|');
const verdict = (met) => (typeof met === 'string' ? met : met === true ? 'yes' : met === false ? '**no**' : '');
console.log(`\n## npm run bench, ${new Date().toISOString().slice(0, 10)} (${ANSWERS === '1000000' ? '1,000,000' : ANSWERS} answers for the results site)\n`);
console.log('| bench | what | figure | goal | met |');
console.log('|---|---|---|---|---|');
for (const [name] of BENCHES) {
  const file = `${folder}/${name}.json`;
  if (!existsSync(file)) {
    console.log(`| ${name} | (no figures: the bench failed or did not record) | | | |`);
    continue;
  }
  for (const line of JSON.parse(readFileSync(file, 'utf8'))) {
    console.log(`| ${name} | ${cell(line.what)} | ${cell(line.figure)} | ${cell(line.goal ?? '')} | ${verdict(line.met)} |`);
  }
}
rmSync(folder, { recursive: true, force: true });
if (failed.length) {
  console.error(`\nbench failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
