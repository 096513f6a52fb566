// Bench-only entry around the built Worker (bench/cpu copies it next to dist/server/entry.mjs):
// answers every request as the product does, once the whole body is made, with the D1 rows read
// and written and the queries it cost in x-bench-* headers. One request at a time.
import worker from './entry.mjs';
import { installMeter } from './d1-meter.mjs';

let meter;
export default {
  ...worker,
  async fetch(request, env, ctx) {
    meter ??= installMeter(env.DB);
    meter.reset();
    const res = await worker.fetch(request, env, ctx);
    const body = await res.arrayBuffer();
    const metered = new Response(body.byteLength ? body : null, res);
    metered.headers.set('x-bench-queries', String(meter.totals.queries));
    metered.headers.set('x-bench-calls', String(meter.calls));
    metered.headers.set('x-bench-rows-read', String(meter.totals.rowsRead));
    metered.headers.set('x-bench-rows-written', String(meter.totals.rowsWritten));
    metered.headers.set('x-bench-rows-written-by-statement', meter.written.join(' + '));
    return metered;
  },
};
