/** Loader of /results/<survey>/: reads the rollup rows of one node and one period; src/report/survey-report.ts shapes them. */
import type { Survey } from '@/schemas/survey';
import { parsePeriod, today, type DayRange, type Period } from '@/report/days';
import { byDay, splitByMonths } from '@/report/month-split';
import { pathFromQuery } from '@/report/query';
import type { InvitationCounts } from '@/report/rows';
import { pathKey, type SegmentPath } from '@/report/segments';
import { shapeSurveyReport, withinData, type SurveyReport } from '@/report/survey-report';
import { granularityFor } from '@/report/trend';
import { batchedReads } from '../db/batched-reads';
import type { LookedUp } from '../http/page-cache';
import { childInvitations, childScores, dailyScores, dataBounds, invitationTotal, scoreTotals, themeCountsBy } from '../db/results';
import { rollupStatus } from '../db/rollups';
import { getSurvey } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';

/**
 * One read for where the node has data (unless `known`: the page cache's lookup read it), then the
 * rest at once: 5 to 9 queries (one or two round trips through batchedReads).
 */
export async function loadSurveyReport(db: D1Database, survey: Survey, path: SegmentPath, period: Period, known?: DayRange | null): Promise<SurveyReport> {
  const key = pathKey(path);
  const bounds = known === undefined ? await dataBounds(db, survey.id, key) : known;
  const range = withinData(period, bounds);
  const childDimension = survey.segments[path.length];
  const none = Promise.resolve(undefined);
  // Whole months are read from the monthly rollups; a weekly trend (at most 120 days) reads its days.
  const granularity = granularityFor(range);
  const split = splitByMonths(range, bounds);
  const buckets = granularity === 'week' ? byDay(range) : split;
  const previous = period.previous && splitByMonths(period.previous, bounds);
  const [previousTotals, daily, invitations, children, previousChildren, invitationsByChild, themes] = await Promise.all([
    previous ? scoreTotals(db, survey.id, key, previous) : none,
    dailyScores(db, survey.id, key, buckets),
    invitationTotal(db, survey.id, key, split),
    childDimension ? childScores(db, survey.id, key, split) : Promise.resolve([]),
    childDimension && previous ? childScores(db, survey.id, key, previous) : Promise.resolve([]),
    childDimension ? childInvitations(db, survey.id, key, split) : Promise.resolve(new Map<string, InvitationCounts>()),
    themeCountsBy(db, survey.id, key, buckets),
  ]);
  // The period's totals are its daily rows (the report sums them per score): not read twice.
  const rows = { totals: daily, previousTotals, daily, invitations, children, previousChildren, invitationsByChild, themes };
  return shapeSurveyReport(survey, path, period, range, rows);
}

/**
 * The page passes its D1 binding (tests pass one that counts the queries). Its reads go in two
 * round trips, each a batch: the status with where the node has data, then the rest. Behind a miss
 * of the page cache (`lookedUp`), the lookup has read the status and where the node has data: one
 * round trip, the rest.
 */
export async function loadSurveyPage(binding: D1Database, id: string | undefined, url: URL, lookedUp?: LookedUp) {
  const db = batchedReads(binding);
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const period = parsePeriod(url.searchParams, today());
  if ('error' in period) return plainText(400, period.error);
  try {
    const path = pathFromQuery(survey, url.searchParams);
    const node = lookedUp?.node;
    const bounds = node && node.survey === survey.id && node.path === pathKey(path) ? node.bounds : undefined;
    const [status, report] = await Promise.all([lookedUp?.status ?? rollupStatus(db), loadSurveyReport(db, survey, path, period, bounds)]);
    return { status, report };
  } catch (error) {
    return storageUnavailable(error);
  }
}
