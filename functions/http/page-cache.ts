/**
 * The rendered-page cache of the results pages whose figures come from the rollups alone
 * (/results/ and /results/<survey>/ with any period or node): a hit is served from D1 in one
 * query without loading Astro; a miss is rendered by Astro behind it, and stored only when the
 * page cache's own run asked for it (warmingRequest: functions/jobs/warm-pages.ts).
 *
 * Why a staff member's miss is not stored: the store was a quarter of that miss's CPU (2.4 of
 * 10.2 ms at 200,000 answers, bench/page-profile.mjs; past the free plan's 10 ms) and a write of
 * the page's row, its index entries and up to 47 KB, paid back only by a second view of the same
 * page, period and node before the rollup moves (every 15 minutes while answers come in). The
 * views most people open first, /results/ and each survey's default view, are the ones the run
 * stores; any other view is rendered from the rollups each time (at most 2,000 rows read).
 *
 * Why D1 (README, "How the figures stay fresh and cheap"): the Cache API (caches.default) does
 * nothing on *.workers.dev hostnames and keeps a copy per data centre; KV needs a namespace made
 * in the account and is eventually consistent, so an erased comment could be served for a minute
 * after the erasure. A D1 table needs no new binding, works on any hostname, and is dropped in the
 * same batch as an erasure. A page here is the same for every staff member (no user name, no
 * token in it); requireStaff runs before the lookup, and replies stay `private, no-store`.
 */
import type { MiddlewareHandler } from 'hono';
import { parsePeriod, today } from '@/report/days';
import { statusLine, STATUS_LINE } from '@/report/format';
import { pathFromQuery } from '@/report/query';
import { pathKey, type SegmentPath } from '@/report/segments';
import type { Survey } from '@/schemas/survey';
import type { AppEnv } from '../app';
import { batchedReads } from '../db/batched-reads';
import { cachedPage, storePage, type NodeRef } from '../db/page-cache';
import type { RollupStatus } from '../db/rollups';
import { startReportReads, type ReportReads } from '../pages/report-reads';
import type { KnownReads } from '../pages/survey-report';
import { D1_LIMITS, utf8Bytes } from '../db/d1-limits';
import { getSurvey } from '../surveys/catalog';

/** Made at build time (astro.config.mjs): a new build, with its survey files and code, never serves an old build's pages. */
export const BUILD_ID = __BUILD_ID__;

/**
 * The page's key: the build, the UTC day (periods end today) and the canonical URL, the query
 * sorted by name (a stable sort: repeated names keep their order, which decides what the page reads).
 * Null for a path that is not a cached page (/results/alerts and the other live pages).
 */
export function pageKey(url: URL, day = today()): string | null {
  const [, results, survey, ...rest] = url.pathname.split('/');
  if (results !== 'results' || rest.some(Boolean)) return null;
  if (survey && !getSurvey(survey)) return null;
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const path = survey ? `/results/${survey}/` : '/results/';
  return `${BUILD_ID} ${day} ${path}?${new URLSearchParams(query)}`;
}

/** The survey and segment path a survey's results URL points at, parsed once per request; null for /results/. */
function surveyNodeOf(url: URL): { survey: Survey; path: SegmentPath } | null {
  const survey = getSurvey(url.pathname.split('/')[2] ?? '');
  return survey ? { survey, path: pathFromQuery(survey, url.searchParams) } : null;
}

/** That node as the lookup keys it: the survey's id and the path's key. */
const refOf = (node: { survey: Survey; path: SegmentPath } | null): NodeRef | null => node && { survey: node.survey.id, path: pathKey(node.path) };

/** The node a survey's results URL points at (the lookup reads where it has data with the page); null for /results/. */
export function nodeOf(url: URL): NodeRef | null {
  return refOf(surveyNodeOf(url));
}


/** The requests of the page cache's own run: a miss among them is stored. Only code can add one (no header or URL makes a request one). */
const warming = new WeakSet<Request>();

/** A request for `url` with `headers` whose miss is rendered and stored: the page cache's run (functions/jobs/warm-pages.ts) asks for its pages so. */
export function warmingRequest(url: string, headers: HeadersInit): Request {
  const request = new Request(url, { headers });
  warming.add(request);
  return request;
}

/**
 * Page keys this isolate has served from the cache or stored lately: the next view of one is likely
 * a hit, so its lookup goes alone (a hit reads its page and nothing else: 3–4 ms); any other survey
 * page's reads go with its lookup (a miss then makes one round trip to D1, not two; the page
 * cache's run, which stores, two not three; a hit among them costs about 0.3 ms more). A guess
 * about cost only: the page served is the same either way.
 */
const seen = new Set<string>();
const SEEN_AT_MOST = 1000;
function remember(page: string) {
  if (seen.size >= SEEN_AT_MOST) seen.clear();
  seen.add(page);
}

/**
 * A survey page's reads, started beside the lookup so they go to D1 in its batch, each guarded to
 * read nothing while the page is stored (a hit reads the page alone); undefined for a bad period
 * (the page answers 400 without reading).
 */
function pageReads(db: D1Database, { survey, path }: { survey: Survey; path: SegmentPath }, url: URL, day: string, page: string): Promise<ReportReads> | undefined {
  const period = parsePeriod(url.searchParams, day);
  if ('error' in period) return undefined;
  return startReportReads(db, survey.id, pathKey(path), survey.segments[path.length] !== undefined, period, day, page);
}

/**
 * What a miss's lookup has read already, handed to the page rendered behind it (Astro.locals,
 * functions/astro-pages.ts) so its loader does not read it again: the status line's figures, and
 * where the node has data. One round trip to D1 fewer for a survey's page.
 */
export interface LookedUp {
  status: RollupStatus;
  node: (NodeRef & KnownReads) | null;
}

/** Whether a page fits D1's 1 MB per row with room for its key: counted only when its UTF-16 length does not settle it (at most 3 bytes a unit). */
export function fitsARow(html: string) {
  const bytes = D1_LIMITS.valueBytes - 10_000;
  return html.length * 3 <= bytes || utf8Bytes(html) <= bytes;
}

/** Serves a stored page at the rollup's position, with the status line (data as of) as it is now; otherwise renders, and stores what the page cache's run asked for. */
export const resultsPageCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  const day = today();
  const page = pageKey(url, day);
  if (!page) return next();
  // The lookup and a survey page's own reads in one batch, one round trip to D1 (batchedReads); a
  // lookup alone goes straight to D1 (no batch to gather: it does not wait for the next turn).
  const surveyNode = surveyNodeOf(url);
  const node = refOf(surveyNode);
  const batched = node !== null && !seen.has(page);
  const db = batched ? batchedReads(c.env.DB) : c.env.DB;
  const lookup = cachedPage(db, page, node);
  const reads = batched && surveyNode ? pageReads(db, surveyNode, url, day, page) : undefined;
  // They fail with the lookup (one batch), which answers for both.
  reads?.catch(() => {});
  const cached = await lookup;
  if (cached.html !== null) {
    remember(page);
    c.header('Server-Timing', 'page-cache;desc="hit"');
    return c.html(cached.html.replace(STATUS_LINE, statusLine(cached.status)));
  }
  c.set('lookedUp', { status: cached.status, node: node && { ...node, bounds: cached.bounds ?? null, reads: await reads } });
  await next();
  c.res.headers.set('Server-Timing', 'page-cache;desc="miss"');
  if (!warming.has(c.req.raw)) return;
  if (c.res.status !== 200 || !c.res.headers.get('content-type')?.startsWith('text/html')) return;
  // Read once, and served from the same string.
  const html = await c.res.text();
  c.res = new Response(html, c.res);
  // D1 keeps at most 1 MB in a row: a larger page is rendered every time.
  if (!STATUS_LINE.test(html) || !fitsARow(html)) return;
  try {
    await storePage(db, page, cached.position, html);
    remember(page);
  } catch (error) {
    // The page has been rendered: a failed store costs the next view a render, not this one its page.
    console.error('page cache: not stored', error);
  }
};
