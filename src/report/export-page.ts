import { EXPORT_PART_ROWS, partStarts } from '../../functions/db/response-queries';
import { rollupStatus } from '../../functions/db/rollups';
import { getSurvey } from '../../functions/surveys/catalog';
import { plainText, storageUnavailable } from '../survey/load';
import { encodeCursor } from './cursor';
import { responseQuery } from './filters';
import { utcDay } from './segments';

export interface ExportPart {
  number: number;
  /** First and last answer of the part, counted from 1 in time order. */
  first: number;
  last: number;
  /** Query string of the part's download (filters, part number and cursor). */
  query: string;
}

/** /results/<survey>/export: how many answers the filters match and a download link per part. */
export async function loadExportPage(db: D1Database, id: string | undefined, url: URL) {
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const query = responseQuery(survey, url.searchParams, utcDay(Date.now()));
  if ('error' in query) return plainText(400, query.error);
  const filters = new URLSearchParams({
    ...Object.fromEntries(new URLSearchParams(query.period.query)),
    ...query.segments,
    ...(query.category ? { category: query.category } : {}),
    ...(query.theme ? { theme: query.theme } : {}),
    ...(query.q ? { q: query.q } : {}),
  });
  try {
    const [status, { total, starts }] = await Promise.all([rollupStatus(db), partStarts(db, survey.id, query.filter, EXPORT_PART_ROWS)]);
    const parts: ExportPart[] = [undefined, ...starts].map((after, i) => {
      const params = new URLSearchParams(filters);
      if (starts.length > 0) params.set('part', String(i + 1));
      if (after) params.set('after', encodeCursor(after));
      return { number: i + 1, first: i * EXPORT_PART_ROWS + 1, last: Math.min(total, (i + 1) * EXPORT_PART_ROWS), query: params.toString() };
    });
    return { status, survey, ...query, filters: filters.toString(), total, parts: total === 0 ? [] : parts };
  } catch (error) {
    return storageUnavailable(error);
  }
}
