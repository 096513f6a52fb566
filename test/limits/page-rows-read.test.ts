import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installMeter } from '../../bench/d1-meter.mjs';
import { foldNewRows } from '../../functions/jobs/rollup';
import { loadOverviewPage } from '../../functions/pages/overview';
import { loadSurveyPage } from '../../functions/pages/survey-report';
import { backlog } from '../support/backlog';

// D1 bills and limits rows read (meta.rows_read, summed as bench/cpu sums them). A results page
// rendered anew over a year reads whole months from the monthly rollups (migrations/0025) and only
// its edge days by day: 12 rows per path instead of 365; and a row holds all 11 scores (0026).
// Before 0026 these pages read 757, 779, 605, 874 and 322 rows. The children's rows are summed in
// SQL (functions/db/results.ts, childScores), which D1 counts as reading them twice: a quarter to a
// third more rows (the year's pages 316 and 357 here, were 238 and 267) and a tenth of the rows to convert.
// A page's reads are chosen before the node's first and last day are known (functions/pages/report-reads.ts),
// so a partial month at a period's edge may be read the dearer way for the node: 387 for 365 days.
const page = (path: string) => new URL(`https://nps.example${path}`);

let meter: ReturnType<typeof installMeter> | undefined;
afterEach(() => meter?.uninstall());

async function rowsRead(load: (db: D1Database) => Promise<unknown>) {
  meter = installMeter(env.DB);
  const data = await load(env.DB);
  meter.uninstall();
  if (data instanceof Response) throw new Error(`${data.status} ${await data.text()}`);
  return meter.totals.rowsRead;
}

describe('rows read by a results page rendered anew, a year of answers', () => {
  beforeAll(async () => {
    // 6,000 answers over a year: every score on most days, at the company and in each department.
    await backlog(6000, { days: 365 });
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
  });

  it.each([
    ['/results/demo/', 380],
    ['/results/demo/?period=365', 400],
    ['/results/demo/?department=Support', 300],
    // A function lists its people, each month by month.
    ['/results/demo/?department=Support&function=Tier+1', 300],
    // 30 days: a weekly trend (by day), and the 30 days before in two partial months, each read the cheaper way.
    ['/results/demo/?period=30', 400],
  ])('%s reads at most %i rows', async (path, bound) => {
    const url = page(path);
    const rows = await rowsRead((db) => loadSurveyPage(db, 'demo', url));
    console.log(`${path}: ${rows} rows read`);
    expect(rows).toBeLessThanOrEqual(bound);
  });

  it('/results/ reads at most 100 rows', async () => {
    const rows = await rowsRead((db) => loadOverviewPage(db, page('/results/')));
    console.log(`/results/: ${rows} rows read`);
    expect(rows).toBeLessThanOrEqual(100);
  });
});
