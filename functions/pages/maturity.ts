/** Loader of /results/maturity: the self-test's counts, and the customers' NPS of the last twelve months, in five queries. */
import { lastTwelveMonths, today } from '@/report/days';
import { customerVerdictOf, MATURITY_PRIVACY_FLOOR, shapeMaturityReport } from '@/maturity/report';
import { readMaturityCounts } from '../db/maturity';
import { companyTotals } from '../db/results';
import { rollupStatus } from '../db/rollups';
import { listSurveys } from '../surveys/catalog';
import { storageUnavailable } from './reply';

export async function loadMaturityPage(db: D1Database) {
  try {
    const surveys = listSurveys();
    const lastYear = lastTwelveMonths(today());
    const [status, counts, totals] = await Promise.all([
      rollupStatus(db),
      readMaturityCounts(db, MATURITY_PRIVACY_FLOOR),
      companyTotals(db, surveys.filter((s) => s.kind === 'relationship').map((s) => s.id), lastYear),
    ]);
    return { status, lastYear, report: shapeMaturityReport(counts, customerVerdictOf(surveys, totals)) };
  } catch (error) {
    return storageUnavailable(error);
  }
}
