/** The edge app with a stand-in for Astro behind it (functions/worker.ts puts Astro there), for the page cache's tests. */
import { statusLine } from '@/report/format';
import { createApi } from '../../functions/app';
import { loadOverviewPage } from '../../functions/pages/overview';
import { loadSurveyPage } from '../../functions/pages/survey-report';

/**
 * Renders /results/ and /results/<survey>/ from their real loaders (so with their queries): the
 * answers shown (data-n) and the status line every results page has; counts its renders.
 */
export function appWithRenderer() {
  const app = createApi();
  const counter = { renders: 0 };
  app.use(async (c) => {
    counter.renders += 1;
    const url = new URL(c.req.url);
    const survey = url.pathname.split('/')[2];
    // As the pages do: with what the page cache's lookup read on a miss (functions/astro-pages.ts).
    const lookedUp = c.get('lookedUp');
    const data = survey ? await loadSurveyPage(c.env.DB, survey, url, lookedUp) : await loadOverviewPage(c.env.DB, url, lookedUp);
    if (data instanceof Response) return data;
    const n = 'report' in data ? data.report.headline.n : data.headlines.reduce((sum, h) => sum + h.estimate.n, 0);
    return c.html(`<!doctype html><header>${statusLine(data.status)}</header><main data-n="${n}">${url.search}</main>`);
  });
  return { app, counter };
}
