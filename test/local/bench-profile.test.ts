import { describe, expect, it } from 'vitest';
import { attribute, jsFrame } from '../../bench/perf-samples.mjs';

// bench/profile's figures come from this reading of perf's samples: each must land in the right place.
const WORKERD = '/x/workerd';
const MAP = '/tmp/perf-1.map';
const sample = (ms: number, frames: [string, string][]) =>
  [`   ${ms * 1e6} cpu-clock:pppH: `, ...frames.map(([sym, dso], i) => `\t    ${(0x1000 + i).toString(16)} ${sym}+0x1f (${dso})`)].join('\n');

describe('bench/perf-samples', () => {
  it('reads V8 perf-map names, named and anonymous, in every tier', () => {
    expect(jsFrame("JS:+'submit entry.mjs:494:22")).toEqual({ name: 'submit', script: 'entry.mjs:494' });
    expect(jsFrame('JS:^ database.worker.js:244:51')).toEqual({ name: '(anonymous)', script: 'database.worker.js:244' });
    expect(jsFrame("JS:+'limit cloudflare-internal:ratelimit:module:35:14")).toEqual({ name: 'limit', script: 'cloudflare-internal:ratelimit:module:35' });
    expect(jsFrame('sqlite3VdbeExec')).toBeUndefined();
  });

  it('gives a sample to the innermost JS frame, a sample without one to the C++ it was in', () => {
    const text = [
      // SQLite run by the D1 object's JS, below the Worker's frames (another isolate's stack on top).
      sample(2, [['sqlite3VdbeExec', WORKERD], ['JS:^ database.worker.js:206:12', MAP], ['JS:+submit entry.mjs:494:22', MAP]]),
      // The Worker's own code: a zod parse under submit, under a middleware.
      sample(3, [['Builtins_CallFunction', WORKERD], ['JS:+parse chunks/core_B.mjs:1901:3', MAP], ['JS:+submit entry.mjs:494:22', MAP], ['JS:^canonicalPaths entry.mjs:2273:22', MAP]]),
      // Recursion counts once in a function's inclusive time.
      sample(1, [['JS:+submit entry.mjs:494:22', MAP], ['JS:+submit entry.mjs:494:22', MAP]]),
      // A commit's fsync, with SQLite further up: the fsync.
      sample(4, [['ext4_sync_file', '[kernel.kallsyms]'], ['__x64_sys_fsync', '[kernel.kallsyms]'], ['pagerWalFrames', WORKERD], ['sqlite3_step', WORKERD]]),
      sample(5, [['kj::_::ChainPromiseNode::fire', WORKERD]]),
    ].join('\n\n');
    const r = attribute(text);
    expect(r.total).toBeCloseTo(15);
    expect(Object.fromEntries(r.places)).toEqual({
      "Miniflare's D1 object (its JS and the SQLite it runs)": 2,
      'Worker: its own code (Hono, middleware, zod, routes)': 4,
      'outside JS: fsync': 4,
      "outside JS: workerd's C++ (HTTP, streams, event loop, calls between isolates)": 5,
    });
    expect(r.worker).toBe(4);
    expect(r.self.get('parse core_B.mjs:1901')).toBe(3);
    expect(r.self.get('submit entry.mjs:494')).toBe(1);
    expect(r.inclusive.get('submit entry.mjs:494')).toBe(4);
    expect(r.inclusive.get('canonicalPaths entry.mjs:2273')).toBe(3);
  });
});
