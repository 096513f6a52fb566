/** The rollup rows a survey's results page reads for one node and period, started at once: which rows depends on the period and today alone, not on where the node has data. */
import type { Period } from '@/report/days';
import { answerDays, splitBy, splitByMonths } from '@/report/period-split';
import type { InvitationCounts, ReportRows } from '@/report/rows';
import { withinData } from '@/report/survey-report';
import { granularityFor, type Granularity } from '@/report/trend';
import { storedNow } from '../db/page-cache';
import { childInvitations, childScores, dailyScores, invitationTotal, scoreTotals, themeCountsBy } from '../db/results';

/** What a page's reads found: the rows (the period's totals are its daily rows) and the trend's granularity they were read for. */
export interface ReportReads {
  survey: string;
  path: string;
  /** The period read (its days), for a reader to check it is the one it would read. */
  from: string;
  to: string;
  granularity: Granularity;
  rows: Omit<ReportRows, 'totals'>;
}

/**
 * Starts every read of the page in one turn (one batch through batchedReads), for the period as
 * far as answers can be (up to `day`: answers are dated when they arrive) instead of as far as the
 * node has data: the same rows, since a day or month outside the node's data holds none, with the
 * partial months at the edges read the cheaper way for the period alone. So the node's bounds (which
 * place the period for the shaping) can be read in the same round trip, or with the page cache's
 * lookup. The trend is read by week when the period is 120 days or shorter; a longer period over a
 * node with 120 days of data or fewer has a weekly trend too, which its reader reads again by week.
 * With `unlessStored` (a page cache key), each read returns nothing while that page is stored at the
 * rollup's position now (a hit of the page cache, whose lookup is in the same batch).
 */
export function startReportReads(db: D1Database, survey: string, path: string, childDimension: boolean, period: Period, day: string, unlessStored?: string): Promise<ReportReads> {
  const data = answerDays(day);
  const range = withinData(period, data);
  const granularity = granularityFor(range);
  const split = splitByMonths(range, data);
  const buckets = splitBy(granularity, range, data);
  const previous = period.previous && splitByMonths(period.previous, data);
  const none = Promise.resolve(undefined);
  const unless = unlessStored === undefined ? undefined : { sql: storedNow, value: unlessStored };
  const reads = Promise.all([
    previous ? scoreTotals(db, survey, path, previous, unless) : none,
    dailyScores(db, survey, path, buckets, unless),
    invitationTotal(db, survey, path, split, unless),
    childDimension ? childScores(db, survey, path, split, unless) : Promise.resolve([]),
    childDimension && previous ? childScores(db, survey, path, previous, unless) : Promise.resolve([]),
    childDimension ? childInvitations(db, survey, path, split, unless) : Promise.resolve(new Map<string, InvitationCounts>()),
    themeCountsBy(db, survey, path, buckets, unless),
  ]);
  return reads.then(([previousTotals, daily, invitations, children, previousChildren, invitationsByChild, themes]) => ({
    survey,
    path,
    ...range,
    granularity,
    rows: { previousTotals, daily, invitations, children, previousChildren, invitationsByChild, themes },
  }));
}
