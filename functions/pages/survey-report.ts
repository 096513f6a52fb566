/** Loader of /results/<survey>/: reads the rollup rows of one node and one period; src/report/survey-report.ts shapes them. */
import type { Survey } from '@/schemas/survey';
import { parsePeriod, today, type DayRange, type Period } from '@/report/days';
import { splitBy } from '@/report/period-split';
import { pathFromQuery } from '@/report/query';
import { pathKey, type SegmentPath } from '@/report/segments';
import { shapeSurveyReport, withinData, type SurveyReport } from '@/report/survey-report';
import { granularityFor } from '@/report/trend';
import { batchedReads } from '../db/batched-reads';
import type { LookedUp } from '../http/page-cache';
import { dailyScores, dataBounds, themeCountsBy } from '../db/results';
import { rollupStatus } from '../db/rollups';
import { getSurvey } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';
import { startReportReads, type ReportReads } from './report-reads';

/** What the page cache's lookup read on a miss: where the node has data, and maybe the page's reads (batched with it). */
export interface KnownReads {
  bounds: DayRange | null;
  reads?: ReportReads;
}

/**
 * Where the node has data and the rows of the period, in one round trip (batchedReads): which rows
 * does not depend on the bounds (functions/pages/report-reads.ts); the bounds place the period for
 * the shaping. Behind a miss of the page cache (`known`) the lookup has read the bounds, and
 * usually the rows too. A node with 120 days of data or fewer, over a longer period, has a weekly
 * trend: its rows are read again, by week (a second round trip). 5 to 10 queries.
 */
export async function loadSurveyReport(db: D1Database, survey: Survey, path: SegmentPath, period: Period, known?: KnownReads, day = today()): Promise<SurveyReport> {
  const key = pathKey(path);
  const childDimension = survey.segments[path.length];
  const given = known?.reads;
  const fits = given && given.survey === survey.id && given.path === key && given.from === period.from && given.to === period.to;
  const [bounds, read] = await Promise.all([
    known ? known.bounds : dataBounds(db, survey.id, key),
    fits ? given : startReportReads(db, survey.id, key, childDimension !== undefined, period, day),
  ]);
  const range = withinData(period, bounds);
  const granularity = granularityFor(range);
  let { daily, themes } = read.rows;
  if (granularity !== read.granularity) {
    const buckets = splitBy(granularity, range, bounds);
    [daily, themes] = await Promise.all([dailyScores(db, survey.id, key, buckets), themeCountsBy(db, survey.id, key, buckets)]);
  }
  // The period's totals are its daily rows (the report sums them per score): not read twice.
  return shapeSurveyReport(survey, path, period, range, { ...read.rows, daily, themes, totals: daily });
}

/**
 * The page passes its D1 binding (tests pass one that counts the queries). Its reads go in one
 * round trip, a batch: the status, where the node has data and the rows. Behind a miss of the page
 * cache (`lookedUp`), the lookup has read the status and where the node has data, and usually the
 * rows: then nothing is left to read.
 */
export async function loadSurveyPage(binding: D1Database, id: string | undefined, url: URL, lookedUp?: LookedUp) {
  const db = batchedReads(binding);
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const day = today();
  const period = parsePeriod(url.searchParams, day);
  if ('error' in period) return plainText(400, period.error);
  try {
    const path = pathFromQuery(survey, url.searchParams);
    const node = lookedUp?.node;
    const known = node && node.survey === survey.id && node.path === pathKey(path) ? node : undefined;
    const [status, report] = await Promise.all([lookedUp?.status ?? rollupStatus(db), loadSurveyReport(db, survey, path, period, known, day)]);
    return { status, report };
  } catch (error) {
    return storageUnavailable(error);
  }
}
