/** The Worker's entry: the edge app, then Astro for everything it does not answer; the Cron Trigger runs the rollup; the queues deliver alerts and mails. */
import { cf } from '@astrojs/cloudflare/hono';
import { astro } from 'astro/hono';
import { createApi } from './app';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from './jobs/rollup';
import { handleAlertBatch } from './alerts/deliver';
import { sweepAlerts, SWEEP_QUERIES, type AlertMessage } from './alerts/enqueue';
import { handleMailBatch, MAIL_DEAD_LETTER_QUEUE, MAIL_QUEUE } from './mail/deliver';
import { MAIL_SWEEP_QUERIES, sweepMails, type MailMessage } from './mail/enqueue';

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
  // the queue any alert whose send failed. Both share the invocation's D1 queries.
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(foldNewRows(env.DB, { maxQueries: D1_QUERIES_PER_INVOCATION - SWEEP_QUERIES - MAIL_SWEEP_QUERIES }).then((report) => console.log('rollup', JSON.stringify(report))));
    ctx.waitUntil(sweepAlerts(env).then((n) => n > 0 && console.log('alerts re-sent', n)));
    ctx.waitUntil(sweepMails(env).then((n) => n > 0 && console.log('mails re-sent', n)));
  },
  // The ALERTS and MAILS queues and their dead-letter queues (wrangler.toml).
  async queue(batch, env) {
    if (batch.queue === MAIL_QUEUE || batch.queue === MAIL_DEAD_LETTER_QUEUE) return handleMailBatch(batch as MessageBatch<MailMessage>, env);
    await handleAlertBatch(batch as MessageBatch<AlertMessage>, env);
  },
} satisfies ExportedHandler<Env>;
