// A month's bill on Workers Paid from measured per-request figures and Cloudflare's published
// prices (read 2026-11-26 from the pages in SOURCES), for bench/cpu's cost estimate.

export const SOURCES = ['https://developers.cloudflare.com/workers/platform/pricing/', 'https://developers.cloudflare.com/d1/platform/pricing/'];

/** Workers Paid (Standard usage model) and D1 on Workers Paid, per month, in US dollars. */
export const PRICES = {
  subscription: 5,
  requests: { included: 10e6, perMillion: 0.3 },
  cpuMs: { included: 30e6, perMillion: 0.02 },
  rowsRead: { included: 25e9, perMillion: 0.001 },
  rowsWritten: { included: 50e6, perMillion: 1 },
  storageGB: { included: 5, perUnit: 0.75 },
};

const over = (used, { included, perMillion }) => (Math.max(0, used - included) / 1e6) * perMillion;

/** The month's line items and total for `usage` ({ requests, cpuMs, rowsRead, rowsWritten, storageGB } a month). */
export function monthlyCost(usage, prices = PRICES) {
  const items = {
    subscription: prices.subscription,
    requests: over(usage.requests, prices.requests),
    cpuMs: over(usage.cpuMs, prices.cpuMs),
    rowsRead: over(usage.rowsRead, prices.rowsRead),
    rowsWritten: over(usage.rowsWritten, prices.rowsWritten),
    storageGB: Math.max(0, usage.storageGB - prices.storageGB.included) * prices.storageGB.perUnit,
  };
  return { items, total: Object.values(items).reduce((sum, x) => sum + x, 0) };
}
