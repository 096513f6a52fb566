// Prints the gzip bytes of every prerendered survey page and maturity self-test page and everything
// it loads (stylesheets, scripts, images), against the 14 KB budget, and the invitation e-mail's size
// in each locale (rendered by the built Worker). Run after `npm run build`.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ensureDevVars, serve } from '../.ci/local.mjs';
import { count, record } from './record.mjs';

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

// Gmail clips a message whose HTML is over 102 KB ("[Message clipped]"): the mail stays far below.
const CLIP = 102 * 1024;
/** The invitation e-mail as the Worker renders it for the outbox, per locale: HTML and text, raw and gzip. */
async function mailWeights() {
  const persistTo = mkdtempSync(`${tmpdir()}/nps-bench-mail-`);
  const { url, stop } = await serve({ persistTo });
  const headers = { authorization: `Bearer ${ensureDevVars().token}`, 'content-type': 'application/json' };
  try {
    const locales = ['en', 'sv', 'da', 'pl', 'de', 'nb', 'fi'];
    const recipients = locales.map((locale) => ({ email: `bench-${locale}@example.com`, name: 'Anna Svensson', locale }));
    const invited = await fetch(`${url}/api/invitations`, { method: 'POST', headers, body: JSON.stringify({ survey: 'demo', send: true, recipients }) });
    if (invited.status !== 201) throw new Error(`invitations answered ${invited.status}`);
    const { items } = await (await fetch(`${url}/api/outbox?survey=demo`, { headers })).json();
    const byTo = new Map(items.map((item) => [item.to, item.id]));
    const mails = [];
    for (const locale of locales) {
      const mail = await (await fetch(`${url}/api/outbox/${byTo.get(`bench-${locale}@example.com`)}`, { headers })).json();
      mails.push({ locale, html: Buffer.byteLength(mail.html), htmlGz: gz(Buffer.from(mail.html)), text: Buffer.byteLength(mail.text) });
    }
    return mails;
  } finally {
    await stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

const mails = await mailWeights();
console.log(`\ninvitation e-mail, bytes (Gmail clips HTML over ${CLIP})`);
console.log(['locale'.padEnd(8), 'html'.padStart(6), 'gzip'.padStart(6), 'text'.padStart(6)].join(' '));
for (const m of mails) console.log([m.locale.padEnd(8), String(m.html).padStart(6), String(m.htmlGz).padStart(6), String(m.text).padStart(6)].join(' '));
if (mails.some((m) => m.html > CLIP)) process.exitCode = 1;

const heaviest = (pattern) => Math.max(...rows.filter((r) => pattern.test(r.page)).map((r) => r.total));
const biggestMail = Math.max(...mails.map((m) => m.html));
record('weight', [
  { what: 'heaviest survey page with all it loads, gzip', figure: `${count(heaviest(/\/s\//))} B`, goal: `≤ ${count(BUDGET)} B`, met: heaviest(/\/s\//) <= BUDGET },
  { what: 'heaviest maturity self-test page with all it loads, gzip', figure: `${count(heaviest(/maturity/))} B`, goal: `≤ ${count(BUDGET)} B`, met: heaviest(/maturity/) <= BUDGET },
  { what: 'largest invitation e-mail, HTML', figure: `${count(biggestMail)} B`, goal: `≤ ${count(CLIP)} B (Gmail clips)`, met: biggestMail <= CLIP },
]);
