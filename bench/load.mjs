// A small closed-loop load generator for loopback servers: `concurrency` clients send requests
// back to back for `seconds`, and the latencies are kept. Bounded in count and time.
export async function load({ seconds, concurrency, maxRequests = 1_000_000, request }) {
  const latencies = [];
  const statuses = new Map();
  const deadline = performance.now() + seconds * 1000;
  let sent = 0;
  let errors = 0;
  async function client(index) {
    while (performance.now() < deadline && sent < maxRequests) {
      const n = sent++;
      const start = performance.now();
      try {
        const res = await request(n, index);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - start);
    }
  }
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), statuses, errors, latencies, elapsed };
}

/** Several runs of one case as one: answers/s over their summed time, percentiles over all latencies. */
export function combine(results) {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const elapsed = results.reduce((sum, r) => sum + r.elapsed, 0);
  const statuses = new Map();
  for (const r of results) for (const [status, n] of r.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), statuses, errors: results.reduce((sum, r) => sum + r.errors, 0), latencies, elapsed };
}
