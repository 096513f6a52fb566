import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSurvey } from '@/survey/catalog';
import { addDays, parsePeriod, today, type DayRange, type Period } from '@/report/days';
import { splitBy, splitByMonths, type MonthSplit } from '@/report/period-split';
import { pathKey, type SegmentPath } from '@/report/segments';
import { shapeSurveyReport, withinData } from '@/report/survey-report';
import { childInvitations, childScores, dailyScores, dataBounds, invitationTotal, scoreTotals, themeCountsBy } from '../../functions/db/results';
import { foldNewRows } from '../../functions/jobs/rollup';
import { loadSurveyReport } from '../../functions/pages/survey-report';
import { backlog } from '../support/backlog';
import { countingD1 } from '../support/counting-d1';
import { batchedReads } from '../../functions/db/batched-reads';
import { periodsAgreeWithDays } from '../support/rollup-oracle';
import { installMeter } from '../../bench/d1-meter.mjs';

const demo = getSurvey('demo')!;

/** Every day of a range by day: no month or week read whole. */
const byDay = (range: DayRange): MonthSplit => ({ unit: 'month', head: { ...range, sign: 1 }, whole: null, tail: null });

/** The report as it was read before the monthly and weekly rollups: every day of every range from rollup_days and rollup_themes. */
async function reportByDays(path: SegmentPath, period: Period) {
  const key = pathKey(path);
  const range = withinData(period, await dataBounds(env.DB, 'demo', key));
  const child = demo.segments[path.length];
  const daily = await dailyScores(env.DB, 'demo', key, byDay(range));
  const rows = {
    totals: daily,
    previousTotals: period.previous ? await scoreTotals(env.DB, 'demo', key, byDay(period.previous)) : undefined,
    daily,
    invitations: await invitationTotal(env.DB, 'demo', key, byDay(range)),
    children: child ? await childScores(env.DB, 'demo', key, byDay(range)) : [],
    previousChildren: child && period.previous ? await childScores(env.DB, 'demo', key, byDay(period.previous)) : [],
    invitationsByChild: child ? await childInvitations(env.DB, 'demo', key, byDay(range)) : new Map(),
    themes: await themeCountsBy(env.DB, 'demo', key, byDay(range)),
  };
  return shapeSurveyReport(demo, path, period, range, rows);
}

const NODES: SegmentPath[] = [[], ['Support'], ['Support', 'Tier 1'], ['Delivery', 'Transport', 'Piotr'], ['Moved']];

describe('whole months and weeks read from the monthly and weekly rollups', () => {
  beforeAll(async () => {
    // Two years of answers, then a fifth of them edited (new score and comment, some moved to
    // another department), so the months carry edits and rows that came back to zero.
    await backlog(3000, { days: 700 });
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
    await env.DB.prepare(
      `UPDATE responses SET score = 10 - score, reason = CASE WHEN reason IS NULL THEN 'Late parcel' END, revision = rowid + 1000000,
         segments = CASE WHEN rowid % 10 = 0 THEN json_set(segments, '$.department', 'Moved') ELSE segments END
       WHERE rowid % 5 = 0`,
    ).run();
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
    await periodsAgreeWithDays();
  });

  it('gives every figure of the page exactly as the days do, over random ranges and nodes', async () => {
    const end = today();
    const day = fc.integer({ min: -760, max: 30 }).map((offset) => addDays(end, offset));
    await fc.assert(
      fc.asyncProperty(day, day, fc.constantFrom(...NODES), async (a, b, path) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const period = parsePeriod(new URLSearchParams({ from, to }), end) as Period;
        expect(await loadSurveyReport(env.DB, demo, path, period)).toEqual(await reportByDays(path, period));
      }),
      { numRuns: 60 },
    );
    // 60 pages and 60 day-by-day readings: seconds on a loaded machine (nothing here is timed).
  }, 60_000);

  it('returns the rows of a read packed in one JSON value per part: the rows a plain read of the days returns, and as many rows read', async () => {
    const key = pathKey(['Support']);
    const period = parsePeriod(new URLSearchParams({ period: '90' }), today()) as Period;
    const range = withinData(period, await dataBounds(env.DB, 'demo', key));
    const byKey = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
    const meter = installMeter(env.DB);
    const measured = async <T>(read: () => Promise<T>) => {
      meter.reset();
      const rows = await read();
      return { rows, rowsRead: meter.totals.rowsRead };
    };
    try {
      const themes = await measured(() => themeCountsBy(env.DB, 'demo', key, byDay(range)));
      const plainThemes = await measured(async () =>
        (await env.DB.prepare(`SELECT day, theme, category, comments FROM rollup_themes WHERE survey = 'demo' AND segment_path = ?1 AND day BETWEEN ?2 AND ?3`).bind(key, range.from, range.to).all()).results,
      );
      expect(themes.rows.length).toBeGreaterThan(100);
      expect(byKey(themes.rows)).toEqual(byKey(plainThemes.rows));
      // The rows of the range, and at most a look for each of the two empty parts (months, tail), as the compound read them before it was packed.
      expect(themes.rowsRead).toBeGreaterThanOrEqual(plainThemes.rowsRead);
      expect(themes.rowsRead).toBeLessThanOrEqual(plainThemes.rowsRead + 2);

      const daily = await measured(() => dailyScores(env.DB, 'demo', key, byDay(range)));
      const plainDays = await measured(async () =>
        (await env.DB.prepare(`SELECT * FROM rollup_days WHERE survey = 'demo' AND segment_path = ?1 AND day BETWEEN ?2 AND ?3`).bind(key, range.from, range.to).all<Record<string, number>>()).results,
      );
      // One row per score answered that day, the first carrying the day's comments.
      const expected = plainDays.rows.flatMap((row) =>
        Array.from({ length: 11 }, (_, score) => ({ day: row.day, score, answers: row[`s${score}`]! })).filter((r) => r.answers !== 0),
      );
      expect(byKey(daily.rows.map(({ day, score, answers }) => ({ day, score, answers })))).toEqual(byKey(expected));
      expect(daily.rows.reduce((n, row) => n + row.commented, 0)).toBe(plainDays.rows.reduce((n, row) => n + row.commented!, 0));
      expect(daily.rowsRead).toBeGreaterThanOrEqual(plainDays.rowsRead);
      expect(daily.rowsRead).toBeLessThanOrEqual(plainDays.rowsRead + 2);
    } finally {
      meter.uninstall();
    }
  });

  it("sums each child's rows in SQL: one row per child and score, whatever the days and months read", async () => {
    const period = parsePeriod(new URLSearchParams({ period: '365' }), today()) as Period;
    for (const path of [[], ['Support']] as SegmentPath[]) {
      const key = pathKey(path);
      const bounds = await dataBounds(env.DB, 'demo', key);
      const rows = await childScores(env.DB, 'demo', key, splitByMonths(withinData(period, bounds), bounds));
      const children = new Set(rows.map((r) => r.segment_path));
      const keys = rows.map((r) => `${r.segment_path} ${r.score}`);
      expect(children.size).toBeGreaterThan(1);
      expect(new Set(keys).size).toBe(keys.length);
      expect(rows.length).toBeLessThanOrEqual(children.size * 11);
      const invitations = await childInvitations(env.DB, 'demo', key, splitByMonths(withinData(period, bounds), bounds));
      expect([...invitations.keys()].every((child) => children.has(child))).toBe(true);
    }
  });

  it('reads a young node\'s trend again by week: a long period over 120 days of data or fewer is a weekly trend', async () => {
    await backlog(200, { days: 60, department: 'Young' });
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
    for (const choice of ['all', '365']) {
      const period = parsePeriod(new URLSearchParams({ period: choice }), today()) as Period;
      const counted = countingD1(env.DB);
      const report = await loadSurveyReport(batchedReads(counted.binding), demo, ['Young'], period);
      expect(report).toEqual(await reportByDays(['Young'], period));
      expect(report.trend.granularity).toBe('week');
      expect(report.headline.n).toBe(200);
      // The reads by month, then the trend's weeks.
      expect(counted.roundTrips).toBe(2);
      const old = countingD1(env.DB);
      await loadSurveyReport(batchedReads(old.binding), demo, ['Support'], period);
      expect(old.roundTrips).toBe(1);
    }
  });

  it('reads a weekly trend by week: a 90-day view reads its whole weeks from the weekly rollups and a few edge days, a fraction of the rows by day', async () => {
    const key = pathKey([]);
    const period = parsePeriod(new URLSearchParams({ period: '90' }), today()) as Period;
    const bounds = await dataBounds(env.DB, 'demo', key);
    const range = withinData(period, bounds);
    const split = splitBy('week', range, bounds);
    // 90 days ending today: 12 or 13 whole weeks, at most 3 days at either edge read by day.
    expect(split.whole).not.toBeNull();
    for (const edge of [split.head, split.tail]) if (edge) expect(addDays(edge.from, 3) > edge.to).toBe(true);
    const meter = installMeter(env.DB);
    const rowsRead = async (read: () => Promise<unknown>) => {
      meter.reset();
      await read();
      return meter.totals.rowsRead;
    };
    try {
      const byWeeks = await rowsRead(() => Promise.all([dailyScores(env.DB, 'demo', key, split), themeCountsBy(env.DB, 'demo', key, split)]));
      const byDays = await rowsRead(() => Promise.all([dailyScores(env.DB, 'demo', key, byDay(range)), themeCountsBy(env.DB, 'demo', key, byDay(range))]));
      expect(byDays).toBeGreaterThan(300);
      expect(byWeeks).toBeLessThan(byDays / 2.5);
    } finally {
      meter.uninstall();
    }
    expect(await loadSurveyReport(env.DB, demo, [], period)).toEqual(await reportByDays([], period));
  });

  it.each(['all', '30', '90', '365'])('gives the same figures for ?period=%s at every level', async (choice) => {
    const period = parsePeriod(new URLSearchParams({ period: choice }), today()) as Period;
    for (const path of NODES) {
      const report = await loadSurveyReport(env.DB, demo, path, period);
      expect(report).toEqual(await reportByDays(path, period));
    }
    expect((await loadSurveyReport(env.DB, demo, [], period)).headline.n).toBeGreaterThan(0);
  });
});
