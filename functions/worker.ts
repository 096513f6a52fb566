/** The Worker's entry: the edge app, then Astro for everything it does not answer; the Cron Triggers run the rollup and the weekly digest; the queues deliver alerts, digests and mails. */
import type { MiddlewareHandler } from 'hono';
import { createApi } from './app';
import { D1_QUERIES_PER_INVOCATION, foldNewRows } from './jobs/rollup';
import { handleAlertBatch, type DeliveryMessage } from './alerts/deliver';
import { sweepAlerts, SWEEP_QUERIES } from './alerts/enqueue';
import { runWeeklyDigest } from './digest/weekly';
import { retentionQueries, sweepRetention } from './jobs/retention';
import { handleMailBatch, MAIL_DEAD_LETTER_QUEUE, MAIL_QUEUE } from './mail/deliver';
import { MAIL_SWEEP_QUERIES, sweepMails, type MailMessage } from './mail/enqueue';

/** The rollup's Cron Trigger (wrangler.toml); any other is the weekly digest's, whose time can change there alone. */
const ROLLUP_CRON = '*/15 * * * *';

// The API and form endpoints first; whatever they do not answer goes to Astro
// (static survey pages through the ASSETS binding, on-demand pages rendered here).
const app = createApi();
app.use(async (c, next) => {
  await next();
  // Responses fetched from the ASSETS binding have immutable headers: copy them so the
  // secure-headers middleware can add its policy.
  c.res = new Response(c.res.body, c.res);
});
// Astro is imported on the first request that reaches it, so an isolate that only takes
// answers never evaluates Astro's runtime and the pages' modules.
let astroPages: Promise<MiddlewareHandler> | undefined;
app.use(async (c, next) => {
  astroPages ??= import('./astro-pages').then((m) => m.astroPages);
  return (await astroPages)(c, next);
});

export default {
  fetch: app.fetch,
  // Cron Triggers (wrangler.toml). Every 15 minutes: fold new answers into the rollups, put on the
  // queues any alert or mail whose send failed, and erase what a survey's retentionDays no longer
  // keeps; all share the invocation's D1 queries. The other: the weekly digest (its own invocation,
  // DIGEST_QUERIES of its 50).
  scheduled(controller, env, ctx) {
    if (controller.cron !== ROLLUP_CRON) {
      ctx.waitUntil(runWeeklyDigest(env, controller.scheduledTime).then((report) => console.log('digest', JSON.stringify(report))));
      return;
    }
    const retention = retentionQueries();
    const rollupQueries = D1_QUERIES_PER_INVOCATION - SWEEP_QUERIES - MAIL_SWEEP_QUERIES - retention;
    ctx.waitUntil(foldNewRows(env.DB, { maxQueries: rollupQueries }).then((report) => console.log('rollup', JSON.stringify(report))));
    ctx.waitUntil(sweepAlerts(env).then((n) => n > 0 && console.log('alerts re-sent', n)));
    ctx.waitUntil(sweepMails(env).then((n) => n > 0 && console.log('mails re-sent', n)));
    // Counts only: the log never names a person.
    if (retention) ctx.waitUntil(sweepRetention(env.DB, { suppressionKey: env.SUPPRESSION_KEY }).then((report) => console.log('retention', JSON.stringify(report))));
  },
  // The ALERTS and MAILS queues and their dead-letter queues (wrangler.toml).
  async queue(batch, env) {
    if (batch.queue === MAIL_QUEUE || batch.queue === MAIL_DEAD_LETTER_QUEUE) return handleMailBatch(batch as MessageBatch<MailMessage>, env);
    await handleAlertBatch(batch as MessageBatch<DeliveryMessage>, env);
  },
} satisfies ExportedHandler<Env>;
