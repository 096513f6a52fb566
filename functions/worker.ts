/** The Worker's entry: the edge app, then Astro for everything it does not answer; the Cron Trigger runs the rollup; the queues deliver alerts. */
import { cf } from '@astrojs/cloudflare/hono';
import { astro } from 'astro/hono';
import { createApi } from './app';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from './jobs/rollup';
import { handleAlertBatch } from './alerts/deliver';
import { sweepAlerts, SWEEP_QUERIES, type AlertMessage } from './alerts/enqueue';
import { retentionQueries, sweepRetention } from './jobs/retention';

// The API and form endpoints first; whatever they do not answer goes to Astro
// (static survey pages through the ASSETS binding, on-demand pages rendered here).
const app = createApi();
app.use(async (c, next) => {
  await next();
  // Responses fetched from the ASSETS binding have immutable headers: copy them so the
  // secure-headers middleware can add its policy.
  c.res = new Response(c.res.body, c.res);
});
app.use(cf());
app.use(astro());

export default {
  fetch: app.fetch,
  // Cron Trigger (wrangler.toml, every 15 minutes): fold new answers into the rollups, and put on
  // the queue any alert whose send failed, and erase what a survey's retentionDays no longer keeps.
  // All share the invocation's D1 queries.
  scheduled(_controller, env, ctx) {
    const retention = retentionQueries();
    ctx.waitUntil(foldNewRows(env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - SWEEP_QUERIES - retention }).then((report) => console.log('rollup', JSON.stringify(report))));
    ctx.waitUntil(sweepAlerts(env).then((n) => n > 0 && console.log('alerts re-sent', n)));
    // Counts only: the log never names a person.
    if (retention) ctx.waitUntil(sweepRetention(env.DB, { suppressionKey: env.SUPPRESSION_KEY }).then((report) => console.log('retention', JSON.stringify(report))));
  },
  // The ALERTS queue and its dead-letter queue (wrangler.toml).
  async queue(batch, env) {
    await handleAlertBatch(batch as MessageBatch<AlertMessage>, env);
  },
} satisfies ExportedHandler<Env>;
