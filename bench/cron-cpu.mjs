// CPU of one Cron invocation of the served Worker, for bench/cpu: the rollup's cron fired through
// Miniflare's /cdn-cgi/local/scheduled (it answers once the invocation and its waitUntil work are done),
// the workerd process's CPU (/proc) over a run of invocations, an idle baseline subtracted.
import { cpuMillis } from './proc.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fires `cron` at `time` (ms) as Cloudflare would; throws unless the invocation ended well. */
export async function fireCron(url, cron, time) {
  const res = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}&time=${time}`);
  const outcome = await res.text();
  if (!res.ok) throw new Error(`cron ${cron}: ${res.status} ${outcome}`);
}

/**
 * CPU ms of each of `times` invocations of `cron`, after `prepare(i)` (not measured) before each.
 * The /proc clock ticks every 10 ms, so a figure is only as good as the number of invocations it
 * averages: the caller groups them.
 */
export async function cronRuns({ url, workerd, idlePerSecond, cron, times, prepare = async () => {}, at = (i) => Date.now() + i * 60_000 }) {
  const runs = [];
  for (let i = 0; i < times; i++) {
    await prepare(i);
    await sleep(100);
    const cpuStart = cpuMillis(workerd);
    const began = performance.now();
    await fireCron(url, cron, at(i));
    runs.push(cpuMillis(workerd) - cpuStart - (idlePerSecond * (performance.now() - began)) / 1000);
  }
  return runs;
}

export const mean = (xs) => xs.reduce((sum, x) => sum + x, 0) / Math.max(xs.length, 1);

/** The least-squares line through (x, y): CPU ms = fixed + perAnswer × answers. */
export function fitLine(points) {
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return { fixed: my - slope * mx, perAnswer: slope };
}
