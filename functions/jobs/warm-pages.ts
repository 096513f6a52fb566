/** The page cache's own Cron run: the default view of /results/ and of surveys rendered and stored after the rollup moved, the only pages stored (a staff member's view is rendered, not stored: functions/http/page-cache.ts). */
import type { Survey } from '@/schemas/survey';
import { warmingRequest } from '../http/page-cache';
import { listSurveys } from '../surveys/catalog';

/** Seven minutes after each rollup run (ROLLUP_CRON, every 15 minutes): its own invocation, so its 50 D1 queries take nothing from the rollup's. */
export const WARM_CRON = '7-59/15 * * * *';

const RUN_MS = 15 * 60_000;
/**
 * D1 queries a page costs at most when it is rendered and stored: the lookup 1 with the survey
 * page's reads (up to 7) in its batch, 2 more when a young node's trend is read again by day, the
 * store 2 (a hit costs 1, or 8 with the page's reads when this isolate has not seen the page lately).
 */
export const PAGE_QUERIES = 12;

export interface WarmOptions {
  surveys?: readonly Survey[];
  /** The invocation's D1 queries (50 on the free plan). */
  maxQueries?: number;
  now?: number;
}

/**
 * Asks the Worker itself (`fetch`: its own fetch handler, the staff check and the page cache in
 * front of Astro) for /results/ and the default view of as many surveys as the queries allow, each
 * run starting at the next survey so all are warmed in turn. Needs the admin token to get past the
 * staff check: without one (Access only) nothing is warmed. Returns the pages it rendered.
 */
export async function warmResultsPages(fetch: (request: Request) => Promise<Response>, token: string | undefined, options: WarmOptions = {}) {
  const { surveys = listSurveys(), maxQueries = 50, now = Date.now() } = options;
  if (!token) return { rendered: 0 };
  const first = Math.floor(now / RUN_MS) % Math.max(surveys.length, 1);
  const paths = ['/results/', ...[...surveys.slice(first), ...surveys.slice(0, first)].map((s) => `/results/${s.id}/`)];
  let rendered = 0;
  for (const path of paths.slice(0, Math.floor(maxQueries / PAGE_QUERIES))) {
    // A staff member's miss is rendered and not stored; this run's are stored (functions/http/page-cache.ts).
    const res = await fetch(warmingRequest(`https://page-cache.invalid${path}`, { authorization: `Bearer ${token}` }));
    await res.arrayBuffer();
    if (res.ok && res.headers.get('server-timing')?.includes('miss')) rendered += 1;
  }
  return { rendered };
}
