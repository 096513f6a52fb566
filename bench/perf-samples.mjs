// bench/profile's reading of `perf script -F period,ip,sym,dso` on workerd with V8's perf map:
// each CPU sample goes to the innermost JavaScript function on its stack, whose script tells the
// isolate (the Worker or one of Miniflare's), or, with none, to the C++ it was in.

/** The place a JS frame's script runs in: the Worker (its code, its bindings' JS) or one of Miniflare's isolates. */
const PLACES = [
  [/^(entry\.mjs|chunks\/|bare-worker\.js)/, 'Worker: its own code (Hono, middleware, zod, routes)'],
  [/^cloudflare-internal:d1-api/, "Worker: the D1 binding's JS (statements to JSON, the fetch)"],
  [/^cloudflare-internal:ratelimit/, "Worker: the rate-limit binding's JS"],
  [/^cloudflare-internal:/, 'Worker: other bindings'],
  // Two scripts of Miniflare's are named entry.worker.js: the core entry (5,505 lines), D1's (143).
  [/^entry\.worker\.js:\d{4,}/, "Miniflare's entry Worker (every request)"],
  [/^(router-worker|assets-proxy-worker|asset-worker)/, "Miniflare's asset router and its proxy"],
  [/^entry\.worker\.js:/, "Miniflare's D1 entry Worker"],
  [/^database\.worker/, "Miniflare's D1 object (its JS and the SQLite it runs)"],
  [/^ratelimit-object/, "Miniflare's rate-limit object (its JS and SQLite)"],
  [/^(miniflare:shared|object-entry)/, "Miniflare's object plumbing (D1's and the rate limiter's)"],
];
export const placeOfScript = (script) => PLACES.find(([pattern]) => pattern.test(script))?.[1] ?? `other JS (${script.replace(/:\d+.*/, '')})`;

/** A sample with no JS frame: the C++ it was in, by the first telling symbol from the leaf. */
export function placeOfNative(frames) {
  for (const { sym, dso } of frames) {
    if (/^(sqlite3|pager|wal|btree|vdbe)/i.test(sym)) return 'outside JS: SQLite (commits, WAL)';
    if (/fsync/.test(sym)) return 'outside JS: fsync';
    if (/Scavenger|MarkCompact|Heap::(Collect|Scavenge|PerformGarbageCollection)|ConcurrentMarking|cppgc::internal::(Marker|Sweeper)/.test(sym)) return 'outside JS: V8 garbage collection';
    if (dso === '[kernel.kallsyms]' && /sys_(sendto|recvfrom|write|read|epoll|writev|sendmsg|recvmsg)|tcp_|ip_/.test(sym)) return 'outside JS: kernel, sockets';
  }
  return "outside JS: workerd's C++ (HTTP, streams, event loop, calls between isolates)";
}

/** JS frame from the perf map: `JS:*name script:line:col` (`^`, `+`, `~`, `*`: V8's tiers). */
export function jsFrame(sym) {
  const m = /^JS:[~^+*']*\s*'?(\S*)\s+(\S+?):(\d+):\d+/.exec(sym) ?? /^JS:[~^+*']*\s*'?()(\S+?):(\d+):\d+/.exec(sym);
  return m ? { name: m[1] || '(anonymous)', script: `${m[2]}:${m[3]}` } : undefined;
}

/** perf script's text: samples (a header line, then one frame a line) separated by blank lines. */
export function* samples(text) {
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter(Boolean);
    if (lines.length === 0) continue;
    const period = Number(/^\s*(\d+)/.exec(lines[0])?.[1] ?? 0);
    const frames = lines.slice(1).map((line) => {
      const m = /^\s*[0-9a-f]+\s+(.*?)(?:\+0x[0-9a-f]+)?\s+\((.*)\)$/.exec(line);
      return m ? { sym: m[1], dso: m[2] } : { sym: line.trim(), dso: '' };
    });
    yield { ms: period / 1e6, frames };
  }
}

/** ms of CPU by place; for the Worker's functions, self (innermost) and inclusive ms. */
export function attribute(text) {
  const places = new Map();
  const inclusive = new Map();
  const self = new Map();
  let total = 0;
  let worker = 0;
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const { ms, frames } of samples(text)) {
    total += ms;
    const js = frames.map((f) => jsFrame(f.sym)).filter(Boolean);
    if (js.length === 0) {
      add(places, placeOfNative(frames), ms);
      continue;
    }
    const place = placeOfScript(js[0].script);
    add(places, place, ms);
    if (!place.startsWith('Worker')) continue;
    worker += ms;
    // Self: the innermost function, with the native code it called. Inclusive: each of the Worker's
    // functions on the stack once (a middleware's includes what runs synchronously in its next()).
    const key = (f) => `${f.name} ${f.script.replace(/^chunks\//, '')}`;
    add(self, key(js[0]), ms);
    const seen = new Set();
    for (const f of js) {
      if (!placeOfScript(f.script).startsWith('Worker') || seen.has(key(f))) continue;
      seen.add(key(f));
      add(inclusive, key(f), ms);
    }
  }
  return { total, worker, places, inclusive, self };
}
