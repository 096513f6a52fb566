import { describe, expect, inject, it } from 'vitest';
import { load } from '../../bench/load.mjs';

const baseUrl = inject('baseUrl');
const admin = { authorization: `Bearer ${inject('adminToken')}` };
const SECONDS = Number(process.env.STRESS_SECONDS ?? 60);

describe('a sustained load on the local server', () => {
  it(`${SECONDS} s of mixed answers: only 429s by design, and every accepted answer is stored`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    const department = `Load-${Date.now()}`;
    // 300 ordinary respondents, and one noisy address that the rate limit must stop.
    const address = (n: number) => (n % 20 === 0 ? '203.0.113.250' : `198.18.${(n >> 8) % 2}.${n % 150}`);
    const result = await load({
      seconds: SECONDS,
      concurrency: 8,
      request: (n: number) => {
        const headers = { 'cf-connecting-ip': address(n) };
        if (n % 3 === 0) {
          return fetch(`${baseUrl}/sv/s/demo/?department=${department}`, {
            method: 'POST',
            redirect: 'manual',
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
            body: `score=${n % 11}&reason=Snabb+leverans`,
          });
        }
        return fetch(`${baseUrl}/api/surveys/demo/responses`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ score: n % 11, reason: `answer ${n}`, segments: { department }, answers: { value: 'quality' } }),
        });
      },
    });
    const accepted = (result.statuses.get(201) ?? 0) + (result.statuses.get(303) ?? 0);
    const other = [...result.statuses].filter(([status]) => ![201, 303, 429].includes(status));
    console.log(`load: ${result.requests} requests, ${result.rps.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`, Object.fromEntries(result.statuses));
    expect(result.errors).toBe(0);
    expect(other).toEqual([]);
    expect(result.statuses.get(429)).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(1000);
    const summary = (await (await fetch(`${baseUrl}/api/surveys/demo/summary?department=${department}`, { headers: admin })).json()) as { n: number };
    expect(summary.n).toBe(accepted);
  });
});
