/** The Worker's entry: the edge app, then Astro for everything it does not answer; the Cron Triggers run the rollup and the weekly digest; the queues deliver alerts, digests and mails. */
import type { MiddlewareHandler } from 'hono';
import { createApi, type AppEnv } from './app';
import { handleAlertBatch, type DeliveryMessage } from './alerts/deliver';
import { handleMailBatch, MAIL_DEAD_LETTER_QUEUE, MAIL_QUEUE } from './mail/deliver';
import type { MailMessage } from './mail/enqueue';
import { scheduled } from './jobs/scheduled';
import { WARM_CRON, warmResultsPages } from './jobs/warm-pages';

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
let astroPages: Promise<MiddlewareHandler<AppEnv>> | undefined;
app.use(async (c, next) => {
  astroPages ??= import('./astro-pages').then((m) => m.astroPages);
  return (await astroPages)(c, next);
});

export default {
  fetch: app.fetch,
  // Cron Triggers (wrangler.toml): the rollup and its sweeps every few minutes (functions/jobs/scheduled.ts), and the weekly digest;
  // between rollup runs, the page cache's, here because it asks this Worker's own pages (Astro included).
  scheduled(controller, env, ctx) {
    if (controller.cron !== WARM_CRON) return scheduled(controller, env, ctx);
    const warmed = warmResultsPages((request) => Promise.resolve(app.fetch(request, env, ctx)), env.ADMIN_TOKEN, { now: controller.scheduledTime });
    ctx.waitUntil(warmed.then((report) => console.log('page cache', JSON.stringify(report))));
  },
  // The ALERTS and MAILS queues and their dead-letter queues (wrangler.toml).
  async queue(batch, env) {
    if (batch.queue === MAIL_QUEUE || batch.queue === MAIL_DEAD_LETTER_QUEUE) return handleMailBatch(batch as MessageBatch<MailMessage>, env);
    await handleAlertBatch(batch as MessageBatch<DeliveryMessage>, env);
  },
} satisfies ExportedHandler<Env>;
