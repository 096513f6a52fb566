import type { Survey } from '../schemas/survey';
import { getSurvey, listSurveys } from '../../functions/surveys/catalog';
import { rollupStatus } from '../../functions/db/rollups';
import { plainText, storageUnavailable } from '../survey/load';
import { utcDay } from './segments';
import { parsePeriod, type Period } from './period';
import { pathFromQuery } from './query';
import { loadHeadlines, loadSurveyReport } from './survey-report';

/**
 * Loaders for the results pages, run in the page frontmatter so failures are a clean 4xx/5xx.
 * The page passes its D1 binding (tests pass one that counts the queries).
 */
const today = () => utcDay(Date.now());

function surveyAndPeriod(id: string | undefined, url: URL): { survey: Survey; period: Period } | Response {
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const period = parsePeriod(url.searchParams, today());
  if ('error' in period) return plainText(400, period.error);
  return { survey, period };
}

export async function loadOverviewPage(db: D1Database, url: URL) {
  const period = parsePeriod(url.searchParams, today());
  if ('error' in period) return plainText(400, period.error);
  try {
    const [status, headlines] = await Promise.all([rollupStatus(db), loadHeadlines(db, listSurveys(), period, today())]);
    return { period, status, headlines };
  } catch (error) {
    return storageUnavailable(error);
  }
}

export async function loadSurveyPage(db: D1Database, id: string | undefined, url: URL) {
  const found = surveyAndPeriod(id, url);
  if (found instanceof Response) return found;
  try {
    const path = pathFromQuery(found.survey, url.searchParams);
    const [status, report] = await Promise.all([rollupStatus(db), loadSurveyReport(db, found.survey, path, found.period)]);
    return { status, report };
  } catch (error) {
    return storageUnavailable(error);
  }
}
