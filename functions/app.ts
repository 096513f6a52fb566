/** The edge's Hono app: the API, the public pages and the internal routes the Worker writes itself, mounted by prefix. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { responses, surveyForms } from './api/responses';
import { invitations } from './api/invitations';
import { erasure } from './api/erasure';
import { summary } from './api/summary';
import { themes } from './api/themes';
import { openapiRoute } from './api/openapi';
import { regenerateRoute } from './api/regenerate';
import { followUpsApi } from './api/follow-ups';
import { exportApi } from './api/export';
import { outcomes } from './api/outcomes';
import { contactImport } from './api/contact-import';
import { loyalty } from './api/loyalty';
import { wavesApi } from './api/waves';
import { login } from './internal/login';
import { resultsExports } from './internal/results';
import { followUpForms } from './internal/follow-ups';
import { unsubscribePage } from './public/unsubscribe';
import { maturityForms } from './public/maturity';
import { canonicalPaths } from './http/canonical-path';
import { CONTENT_SECURITY_POLICY } from './http/csp';
import { unavailable } from './api/unavailable';
import { touchesApi } from './api/touches';
import { reportsApi } from './api/not-contacted';
import { notContactedExport } from './internal/not-contacted';
import { retryApi, retryForm } from './alerts/retry';
import { outboxApi } from './api/outbox';
import { outboxFraming, outboxPreview } from './internal/outbox';
import { requireStaff } from './auth/staff';
import { resultsPageCache, type LookedUp } from './http/page-cache';

/**
 * Bindings and vars as `wrangler types` generates them from wrangler.toml (worker-configuration.d.ts);
 * the page cache's lookup on a miss, for the page rendered behind it (functions/http/page-cache.ts).
 */
export type AppEnv = { Bindings: Env; Variables: { lookedUp?: LookedUp } };

/** The edge functions: the API and the form endpoints. Astro is mounted behind it in worker.ts. */
export function createApi() {
  const app = new Hono<AppEnv>();
  // Before any routing: one spelling per path, so every router and guard sees the same path.
  app.use(canonicalPaths);
  // The outbox's message page frames its mail preview: their own policies, set after secureHeaders'.
  app.use('/results/outbox/*', outboxFraming);
  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'same-origin', xFrameOptions: 'DENY' }));
  // No CORS unless CORS_ORIGINS lists the sites that may post answers from their own pages.
  app.use('/api/surveys/*', async (c, next) => {
    const origins = (c.env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
    if (origins.length === 0) return next();
    return cors({ origin: origins, allowMethods: ['POST', 'PATCH'], allowHeaders: ['Content-Type', 'Idempotency-Key'] })(c, next);
  });
  // The API. Internal routes guard themselves (requireStaff, requireAdmin); the internal pages
  // are guarded by src/middleware.ts on the route Astro matched.
  app.route('/api/surveys', responses);
  app.route('/api/surveys', summary);
  app.route('/api/surveys', themes);
  app.route('/api/surveys', exportApi);
  app.route('/api/surveys', wavesApi);
  app.route('/api/invitations', invitations);
  app.route('/api/contacts', contactImport);
  app.route('/api/contacts', outcomes);
  app.route('/api/reports', loyalty);
  app.route('/api/contacts', erasure);
  app.route('/api/admin', regenerateRoute);
  app.route('/api/contacts', touchesApi);
  app.route('/api/reports', reportsApi);
  app.route('/api/follow-ups', followUpsApi);
  app.route('/api', retryApi);
  app.route('/api/outbox', outboxApi);
  app.route('/api', openapiRoute(app));
  // Public pages: the survey forms' posts (/s/…, /<locale>/s/…) and unsubscribing.
  app.route('/', surveyForms);
  app.route('/u', unsubscribePage);
  // The customer-focus maturity self-test's form posts (/maturity/, /<locale>/maturity/).
  app.route('/', maturityForms);
  // Internal pages: signing in (/login, /logout) and the results exports.
  app.route('/', login);
  app.route('/results', resultsExports);
  app.route('/results', notContactedExport);
  app.route('/results/follow-ups', followUpForms);
  app.route('/results/alerts', retryForm);
  app.route('/results', outboxPreview);
  // The results pages that read rollups only, from the rendered-page cache (after the staff
  // check) when it has them; otherwise Astro renders them (functions/worker.ts) and they are stored.
  for (const path of ['/results', '/results/', '/results/:survey', '/results/:survey/']) app.get(path, requireStaff, resultsPageCache);
  app.all('/api/*', (c) => c.json({ error: 'Not found', issues: [{ path: 'url', code: 'invalid', message: 'no such API route' }] }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: error.message, issues: [] }, error.status);
    }
    return unavailable(c, error);
  });
  return app;
}
