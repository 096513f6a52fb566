/** Loader of /results/<survey>/export: how many answers the filters match and a download link per part. */
import { today } from '@/report/days';
import { exportParts } from '@/report/export-parts';
import { filterFields, responseQuery } from '@/report/filters';
import { EXPORT_PART_ROWS, partStarts } from '../db/response-queries';
import { rollupStatus } from '../db/rollups';
import { getSurvey } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';

export async function loadExportPage(db: D1Database, id: string | undefined, url: URL) {
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const query = responseQuery(survey, url.searchParams, today());
  if ('error' in query) return plainText(400, query.error);
  const filters = filterFields(query);
  try {
    const [status, { total, starts }] = await Promise.all([rollupStatus(db), partStarts(db, survey.id, query.filter, EXPORT_PART_ROWS)]);
    return { status, survey, ...query, filters: new URLSearchParams(filters).toString(), total, parts: exportParts(filters, total, starts, EXPORT_PART_ROWS) };
  } catch (error) {
    return storageUnavailable(error);
  }
}
