/** Loader of /results/: every survey's headline and 12-month sparkline, in two queries whatever the number of surveys. */
import { lastTwelveMonths, parsePeriod, today } from '@/report/days';
import { answerDays } from '@/report/period-split';
import { shapeHeadlines } from '@/report/survey-report';
import { batchedReads } from '../db/batched-reads';
import type { LookedUp } from '../http/page-cache';
import { companyHeadlineRows } from '../db/results';
import { rollupStatus } from '../db/rollups';
import { listSurveys } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';

/** Its two reads (the status, the headlines) in one round trip; the headlines alone behind a miss of the page cache, whose lookup read the status. */
export async function loadOverviewPage(binding: D1Database, url: URL, lookedUp?: LookedUp) {
  const db = batchedReads(binding);
  const day = today();
  const period = parsePeriod(url.searchParams, day);
  if ('error' in period) return plainText(400, period.error);
  try {
    const surveys = listSurveys();
    const ids = surveys.map((s) => s.id);
    const lastYear = lastTwelveMonths(day);
    const [status, { totals, months }] = await Promise.all([lookedUp?.status ?? rollupStatus(db), companyHeadlineRows(db, ids, period, lastYear, answerDays(day))]);
    return { period, status, headlines: shapeHeadlines(surveys, totals, months, lastYear) };
  } catch (error) {
    return storageUnavailable(error);
  }
}
