/** /results/not-contacted.csv: the not-contacted report as a spreadsheet, 10,000 contacts a file. */
import { Hono } from 'hono';
import { csvFormatRows } from 'd3-dsv';
import { csvCellsOf, REPORT_COLUMNS } from '@/report/not-contacted';
import { today } from '@/report/days';
import type { AppEnv } from '../app';
import { requireStaff } from '../auth/staff';
import { isRefusal, parseReportQuery, readReport } from '../http/not-contacted';
import { neutralise } from '../api/export';
import { problem } from '../api/problems';

/** Rows in one file: one D1 query, a few MB of CSV at most; more continue in the file its Link header names. */
export const CSV_ROWS = 10_000;

/** Mounted at /results, beside the results exports. */
export const notContactedExport = new Hono<AppEnv>().get('/not-contacted.csv', requireStaff, async (c) => {
  const url = new URL(c.req.url);
  const query = parseReportQuery(url.searchParams);
  if (isRefusal(query)) return problem(c, query.status, query.error, query.issues);
  const { items, next } = await readReport(c.env.DB, { ...query, limit: CSV_ROWS });
  const rows = [[...REPORT_COLUMNS], ...items.map((item) => csvCellsOf(item).map(neutralise))];
  const headers = new Headers({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="not-contacted-${query.days}-days-${query.survey ?? 'all'}-${today()}.csv"`,
  });
  if (next) {
    const following = new URL(url);
    following.searchParams.set('next', next);
    // RFC 8288, as the answers' export: the rest of the list, until there is no rel="next".
    headers.set('Link', `<${following.href}>; rel="next"`);
  }
  return new Response(`${csvFormatRows(rows)}\n`, { headers });
});
