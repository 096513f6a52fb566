import { env } from 'cloudflare:workers';
import { applyD1Migrations } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { loadSurveyPage } from '../../functions/pages/survey-report';
import { backlog } from '../support/backlog';
import { periodsAgreeWithDays } from '../support/rollup-oracle';
import { schemaBefore } from '../support/schema-before';

// Migration 0032 adds the weekly rollups, filled from the days and kept by triggers on the day
// tables, so it and the deploy of the Worker that reads them can come in either order (README,
// "Deploy"). Here a database folded before it: the Worker's fold (which never names a week table)
// runs on it, the migration fills the weeks from the days, and folds after it keep them exact.

const MIGRATION = '0032';
const page = (query: string) => loadSurveyPage(env.DB, 'demo', new URL(`https://nps.example/results/demo/${query}`));
const fold = async () => {
  while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
};

describe(`migration ${MIGRATION}: weekly rollups`, () => {
  beforeAll(async () => {
    await schemaBefore(MIGRATION);
    await backlog(600, { days: 200 });
    await fold();
  });

  it('before it, the fold runs and a view read by month renders; a weekly view answers 503, never a 500', async () => {
    const all = await page('');
    expect(all).not.toBeInstanceOf(Response);
    const quarter = await page('?period=90');
    expect(quarter).toBeInstanceOf(Response);
    expect((quarter as Response).status).toBe(503);
  });

  it('fills the weeks from the days, and folds after it keep them exact', async () => {
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.filter((m) => m.name <= `${MIGRATION}~`));
    const { results } = await env.DB.prepare(`SELECT count(*) AS n FROM rollup_weeks WHERE answers <> 0`).all<{ n: number }>();
    expect(results[0]!.n).toBeGreaterThan(30);
    await periodsAgreeWithDays();

    const quarter = await page('?period=90');
    expect(quarter).not.toBeInstanceOf(Response);
    const before = (quarter as Exclude<typeof quarter, Response>).report.headline.n;

    // Answers and edits folded after the migration, by the same Worker: the triggers move the weeks.
    await backlog(300, { days: 60 });
    await env.DB.prepare(`UPDATE responses SET score = 10 - score, revision = rowid + 1000000 WHERE rowid % 7 = 0`).run();
    await fold();
    await periodsAgreeWithDays();
    const after = await page('?period=90');
    expect((after as Exclude<typeof after, Response>).report.headline.n).toBeGreaterThan(before);
  });
});
