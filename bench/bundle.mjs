// Worker bundle size: what `wrangler deploy` would upload, gzip-compressed. Run after a build.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { run } from '../.ci/local.mjs';
import { record } from './record.mjs';

const out = mkdtempSync(`${tmpdir()}/nps-bundle-`);
run('wrangler', ['deploy', '--dry-run', '-c', 'dist/server/wrangler.json', '--outdir', out], { quiet: true });

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(m?js|wasm)$/.test(name)) yield path;
  }
}
let raw = 0;
let gzip = 0;
for (const path of files(out)) {
  const bytes = readFileSync(path);
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
rmSync(out, { recursive: true, force: true });
console.log(`bench/bundle: Worker modules ${(raw / 1024).toFixed(0)} KiB, gzip ${(gzip / 1024).toFixed(0)} KiB (Workers limit: 3 MiB gzip free, 10 MiB paid)`);
record('bundle', [{ what: 'Worker bundle, gzip', figure: `${(gzip / 1024).toFixed(0)} KiB`, goal: '≤ 3,072 KiB (Workers Free)', met: gzip <= 3 * 1024 * 1024 }]);
