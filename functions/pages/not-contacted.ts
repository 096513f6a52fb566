/** Loader of /results/not-contacted: the filters, one page of the report, the next page's cursor and the CSV link. */
import { isRefusal, parseReportQuery, readReport } from '../http/not-contacted';
import { rollupStatus } from '../db/rollups';
import { listSurveys } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';

export const CONTACTS_PER_PAGE = 50;

/** ?days, ?survey and ?next as the API reads them; a page shows CONTACTS_PER_PAGE contacts. */
export async function loadNotContactedPage(db: D1Database, url: URL) {
  const query = parseReportQuery(url.searchParams);
  if (isRefusal(query)) return plainText(query.status, query.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
  const filters: Record<string, string> = { days: String(query.days), ...(query.survey ? { survey: query.survey } : {}) };
  try {
    const [status, { items, next }] = await Promise.all([rollupStatus(db), readReport(db, { ...query, limit: CONTACTS_PER_PAGE })]);
    return {
      status,
      days: query.days,
      survey: query.survey,
      surveys: listSurveys().map((s) => s.id),
      items,
      first: query.after === undefined,
      nextHref: next ? `?${new URLSearchParams({ ...filters, next })}` : null,
      csvHref: `/results/not-contacted.csv?${new URLSearchParams(filters)}`,
    };
  } catch (error) {
    return storageUnavailable(error);
  }
}
