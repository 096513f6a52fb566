import { describe, expect, it } from 'vitest';
import { monthlyCost } from '../../bench/cost.mjs';

// The README's cost estimate comes from this arithmetic: it must give Cloudflare's own examples.
describe('bench/cost', () => {
  const nothing = { requests: 0, cpuMs: 0, rowsRead: 0, rowsWritten: 0, storageGB: 0 };

  it("gives the Workers pricing page's example: 15 million requests at 7 ms of CPU cost $8.00", () => {
    const { items, total } = monthlyCost({ ...nothing, requests: 15e6, cpuMs: 7 * 15e6 });
    expect(items.requests).toBeCloseTo(1.5, 10);
    expect(items.cpuMs).toBeCloseTo(1.5, 10);
    expect(total).toBeCloseTo(8, 10);
  });

  it('bills D1 only past what the plan includes, per million rows and per GB-month', () => {
    expect(monthlyCost({ ...nothing, rowsRead: 25e9, rowsWritten: 50e6, storageGB: 5 }).total).toBe(5);
    const { items } = monthlyCost({ ...nothing, rowsRead: 26e9, rowsWritten: 53e6, storageGB: 7 });
    expect(items.rowsRead).toBeCloseTo(1, 10);
    expect(items.rowsWritten).toBeCloseTo(3, 10);
    expect(items.storageGB).toBeCloseTo(1.5, 10);
  });
});
