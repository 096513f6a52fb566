/** The not-contacted report as the API, the page and the CSV read it: the query, checked, and one page of rows. */
import { notContactedQuerySchema, type NotContactedItem } from '@/schemas/not-contacted';
import { decodeReportCursor, encodeReportCursor, itemOf, positionOf, type ReportPosition } from '@/report/not-contacted';
import { DAY_MS } from '@/report/days';
import { findNotContacted } from '../db/not-contacted';
import { getSurvey } from '../surveys/catalog';
import { issuesOf, type Issue } from '../api/problems';

export interface ReportQuery {
  days: number;
  survey?: string;
  limit: number;
  after?: ReportPosition;
}

export type ReportRefusal = { status: 400 | 404; error: string; issues: Issue[] };

/** ?days (1–3650, default 90), ?survey (a known survey), ?limit (1–1,000, default 100), ?next (a cursor this report made). */
export function parseReportQuery(params: URLSearchParams): ReportQuery | ReportRefusal {
  // An empty field is not given: the page's form sends survey= for "all surveys".
  const parsed = notContactedQuerySchema.safeParse(Object.fromEntries([...params].filter(([, value]) => value !== '')));
  if (!parsed.success) return { status: 400, error: 'Invalid report query', issues: issuesOf(parsed.error) };
  const { days, survey, limit, next } = parsed.data;
  if (survey !== undefined && !getSurvey(survey)) {
    return { status: 404, error: 'Unknown survey', issues: [{ path: 'survey', code: 'survey.unknown', message: `no survey "${survey}"` }] };
  }
  const after = next === undefined ? undefined : decodeReportCursor(next);
  if (after === null) return { status: 400, error: 'Invalid cursor', issues: [{ path: 'next', code: 'invalid', message: 'must be the next value of a report page' }] };
  return { days, survey, limit, after };
}

export const isRefusal = (query: ReportQuery | ReportRefusal): query is ReportRefusal => 'issues' in query;

/** One page of the report and the cursor of the next (null on the last page): one D1 query. */
export async function readReport(db: D1Database, query: ReportQuery, now = Date.now()): Promise<{ items: NotContactedItem[]; next: string | null }> {
  const rows = await findNotContacted(db, { before: now - query.days * DAY_MS, survey: query.survey }, { after: query.after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page.map(itemOf), next: rows.length > query.limit && last ? encodeReportCursor(positionOf(last)) : null };
}
