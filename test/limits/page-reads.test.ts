import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastTwelveMonths, today } from '@/report/days';
import { histogramOf } from '@/report/histogram';
import { companyTotals } from '../../functions/db/results';
import { foldNewRows } from '../../functions/jobs/rollup';
import { loadOverviewPage } from '../../functions/pages/overview';
import { loadSurveyPage } from '../../functions/pages/survey-report';
import { admin, request } from '../support/api';
import { backlog } from '../support/backlog';
import { countingD1 } from '../support/counting-d1';

// A results page that is not in the page cache reads each rollup row it needs once: the survey
// page's totals are its daily rows summed, the overview's headline and sparkline one read.
const page = (path: string) => new URL(`https://nps.example${path}`);

async function measured<T>(load: (db: D1Database) => Promise<T>) {
  const db = countingD1(env.DB);
  const data = await load(db.binding);
  if (data instanceof Response) throw new Error(`${data.status} ${await data.text()}`);
  return { data: data as Exclude<T, Response>, queries: db.queries, roundTrips: db.roundTrips };
}

describe('results pages read each rollup row once', () => {
  beforeAll(async () => {
    await backlog(600, { days: 500 });
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
  });

  it.each([
    ['/results/demo/', [], 7],
    ['/results/demo/?period=90', [], 9],
    ['/results/demo/?department=Support&function=Tier%201&person=Eva', ['Support', 'Tier 1', 'Eva'], 5],
  ])('%s: its totals are its daily rows summed; its queries in one round trip', async (path, segments, queries) => {
    const url = page(path);
    const { data, queries: counted, roundTrips } = await measured((db) => loadSurveyPage(db, 'demo', url));
    expect(counted).toBe(queries);
    // The status, where the node has data and the rows, in one batch (functions/db/batched-reads.ts):
    // which rows does not wait for where the node has data (functions/pages/report-reads.ts).
    expect(roundTrips).toBe(1);
    const query = new URLSearchParams(url.search);
    const fields = Object.fromEntries((['department', 'function', 'person'] as const).slice(0, segments.length).map((d) => [d, query.get(d)!]));
    const { from, to } = data.report.period;
    const summary = await (await request(`/api/surveys/demo/summary?${new URLSearchParams({ ...fields, from, to })}`, { headers: admin })).json<{ n: number }>();
    expect(data.report.headline.n).toBe(summary.n);
    expect(data.report.headline.n).toBeGreaterThan(0);
  });

  it.each(['', '?period=30', '?from=2020-01-01&to=2026-01-15'])('/results/%s: the headline and the sparkline in one read, with the status in one round trip', async (query) => {
    const { data, queries, roundTrips } = await measured((db) => loadOverviewPage(db, page(`/results/${query}`)));
    expect(queries).toBe(2);
    expect(roundTrips).toBe(1);
    const demo = data.headlines.find((h) => h.survey.id === 'demo')!;
    const totals = await companyTotals(env.DB, ['demo'], data.period);
    expect(demo.estimate.n).toBe(histogramOf(totals).reduce((a, b) => a + b, 0));
    // Each month of the sparkline against that month's own sum.
    const year = lastTwelveMonths(today());
    const { results } = await env.DB.prepare(
      `SELECT substr(day, 1, 7) AS month, sum(s9 + s10) AS p, sum(s0 + s1 + s2 + s3 + s4 + s5 + s6) AS d, sum(answers) AS n
       FROM rollup_days WHERE survey = 'demo' AND segment_path = '[]' AND day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1`,
    ).bind(year.from, year.to).all<{ month: string; p: number; d: number; n: number }>();
    const shown = demo.sparkline.filter((nps) => nps !== null);
    const expected = results.filter((m) => m.n >= demo.survey.privacyFloor).map((m) => Math.round((100 * (m.p - m.d)) / m.n));
    expect(shown.map((nps) => Math.round(nps!))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(6);
  });
});
