// Prints the gzip bytes of every prerendered survey page and maturity self-test page and everything it loads
// (stylesheets, scripts, images), against the 14 KB budget. Run after `npm run build`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 14 * 1024;
const client = fileURLToPath(new URL('../dist/client/', import.meta.url));

function* pages(dir, prefix = '') {
  for (const name of readdirSync(dir)) {
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) yield* pages(path, `${prefix}/${name}`);
    else if (name === 'index.html' && /\/s\/[^/]+$|^(\/[a-z]{2})?\/maturity$/.test(prefix)) yield { url: `${prefix}/`, path };
  }
}

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
// What a browser fetches to render: stylesheets, scripts, images (data: URLs cost nothing extra).
const ASSET = /<(?:link[^>]+rel="(?:stylesheet|icon|preload)"[^>]*href|script[^>]+src|img[^>]+src)="(\/[^"]+)"/g;

const rows = [];
for (const page of pages(client.replace(/\/$/, ''))) {
  const html = readFileSync(page.path);
  const assets = [...html.toString().matchAll(ASSET)].map((m) => m[1]);
  const assetBytes = assets.map((a) => gz(readFileSync(`${client}${a.slice(1)}`)));
  const total = gz(html) + assetBytes.reduce((a, b) => a + b, 0);
  rows.push({ page: page.url, html: gz(html), assets: assets.map((a, i) => `${a} ${assetBytes[i]}`).join(', '), total, ok: total <= BUDGET });
}
rows.sort((a, b) => a.page.localeCompare(b.page));
console.log(`page weight, gzip -9 bytes, budget ${BUDGET}`);
console.log(['page'.padEnd(24), 'html'.padStart(6), 'total'.padStart(7), '  loads'].join(' '));
for (const r of rows) console.log([r.page.padEnd(24), String(r.html).padStart(6), String(r.total).padStart(7), ` ${r.ok ? ' ' : '!'} ${r.assets}`].join(' '));
const worst = Math.max(...rows.map((r) => r.total));
console.log(`heaviest page: ${worst} bytes (${((100 * worst) / BUDGET).toFixed(0)}% of budget)`);
if (rows.some((r) => !r.ok)) process.exitCode = 1;
