import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { saveResponse } from '../../functions/db/responses';
import { getSurvey } from '../../functions/surveys/catalog';
import { dayOf, weekOf } from '@/report/days';
import { pathKey, segmentPaths } from '@/report/segments';
import { admin, postJson, uniqueName } from '../support/api';
import { daysAgreeWithScan, fullScan, migrateRollupsFromOldShapes, rollups, setAsideRows } from '../support/rollup-oracle';

/** The oracle for the response rate: answered invitations per (survey, path, day sent), by a full scan. */
async function answeredScan() {
  const { results } = await env.DB.prepare(
    'SELECT r.survey, r.segments, i.created_at FROM responses AS r JOIN invitations AS i ON i.id = r.invitation_id',
  ).all<{ survey: string; segments: string; created_at: number }>();
  const counts = new Map<string, number>();
  for (const r of results) {
    for (const path of segmentPaths(getSurvey(r.survey)!.segments, JSON.parse(r.segments))) {
      const key = `${r.survey} ${pathKey(path)} ${dayOf(r.created_at)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

async function answeredRollup() {
  const { results } = await env.DB.prepare('SELECT survey, segment_path, day, answered FROM rollup_invitations WHERE answered <> 0').all<{
    survey: string;
    segment_path: string;
    day: string;
    answered: number;
  }>();
  return new Map(results.map((r) => [`${r.survey} ${r.segment_path} ${r.day}`, r.answered]));
}

async function tables() {
  const days = await env.DB.prepare('SELECT * FROM rollup_days ORDER BY 1, 2, 5, 6').all();
  const invitations = await env.DB.prepare('SELECT * FROM rollup_invitations ORDER BY 1, 2, 5').all();
  const themes = await env.DB.prepare('SELECT * FROM rollup_themes ORDER BY 1, 2, 3, 4, 5').all();
  const ledger = await env.DB.prepare('SELECT * FROM rollup_ledger ORDER BY 1').all();
  return { days: days.results, invitations: invitations.results, themes: themes.results, ledger: ledger.results };
}

const PEOPLE = [
  { department: 'Support', function: 'Tier 1', person: 'Eva' },
  { department: 'Support', function: 'Tier 1', person: 'Ali' },
  { department: 'Support', function: 'Tier 2' },
  { department: 'Sales', person: 'Bo' },
  {},
];

// Every third answer has a comment, so the oracle checks the rollup's commented counts too.
async function answers(count: number, offset = 0) {
  for (let i = 0; i < count; i++) {
    const reason = (i + offset) % 3 === 0 ? { reason: `Comment ${i}` } : {};
    const res = await postJson('/api/surveys/demo/responses', { score: (i * 7 + offset) % 11, segments: PEOPLE[(i + offset) % PEOPLE.length], ...reason });
    expect(res.status).toBe(201);
  }
}

async function invite(segments: Record<string, string>) {
  const res = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: crypto.randomUUID(), segments }] }, admin);
  return ((await res.json()) as { results: { id: string }[] }).results[0]!.id;
}

describe('the scheduled rollup', () => {
  it('equals a full scan at every level of the organisation', async () => {
    await answers(40);
    // Six small steps in one run: more queries than the free plan's 50, as a paid plan allows.
    const report = await foldNewRows(env.DB, { stepSize: 7, maxQueries: 1000 });
    expect(report).toMatchObject({ responses: 40, caughtUp: true });
    expect(await rollups()).toEqual(await fullScan());
  });

  it('re-running it changes nothing', async () => {
    await answers(12, 4);
    await postJson('/api/surveys/demo/responses', { score: 2, reason: 'The parcel was late', segments: { department: 'Rerun' } });
    await invite({ department: 'Rerun' });
    await foldNewRows(env.DB);
    const before = await tables();
    expect(before.days.length).toBeGreaterThan(0);
    expect(before.invitations.length).toBeGreaterThan(0);
    expect(before.themes.length).toBeGreaterThan(0);
    expect(await foldNewRows(env.DB)).toMatchObject({ responses: 0, invitations: 0, caughtUp: true });
    expect(await tables()).toEqual(before);
  });

  it('folds only what is new since the last run', async () => {
    await answers(4, 1);
    await foldNewRows(env.DB);
    await answers(9, 3);
    const report = await foldNewRows(env.DB);
    expect(report.responses).toBe(9);
    expect(await rollups()).toEqual(await fullScan());
  });

  it('folds a write that commits after a run even when its clock says earlier', async () => {
    await answers(3, 2);
    await foldNewRows(env.DB);
    // A Worker whose clock lags: its answer carries a time before everything already folded.
    await saveResponse(env.DB, { survey: 'demo', score: 10, category: 'promoter', answers: {}, segments: { department: 'Late' }, locale: 'en', channel: 'link' }, Date.now() - 86_400_000);
    expect((await foldNewRows(env.DB)).responses).toBe(1);
    expect(await rollups()).toEqual(await fullScan());
  });

  it('moves an edited response between categories instead of counting it twice', async () => {
    const token = await invite({ department: 'Billing', function: 'Invoices', person: 'Kim' });
    await postJson('/api/surveys/demo/responses', { score: 3, invitation: token });
    await foldNewRows(env.DB);
    await postJson('/api/surveys/demo/responses', { score: 10, invitation: token });
    await foldNewRows(env.DB);
    const kim = await env.DB.prepare(`SELECT answers, s3, s10 FROM rollup_days WHERE survey = 'demo' AND segment_path = ?`)
      .bind(pathKey(['Billing', 'Invoices', 'Kim']))
      .all();
    expect(kim.results).toEqual([{ answers: 1, s3: 0, s10: 1 }]);
    expect(await rollups()).toEqual(await fullScan());
  });

  it('counts invitations sent per segment for the response rate', async () => {
    const department = uniqueName('Invited');
    await invite({ department, function: 'Invoices', person: 'Kim' });
    await invite({ department, function: 'Invoices' });
    await invite({ department: uniqueName('Elsewhere') });
    await foldNewRows(env.DB);
    const sent = async (path: string[]) =>
      (await env.DB.prepare(`SELECT sum(invitations) AS n FROM rollup_invitations WHERE survey = 'demo' AND segment_path = ?`)
        .bind(pathKey(path))
        .first<{ n: number }>())!.n;
    expect([await sent([department]), await sent([department, 'Invoices']), await sent([department, 'Invoices', 'Kim'])]).toEqual([2, 2, 1]);
  });

  it('counts each answered invitation once, on the day it was sent, and the migration\'s backfill agrees', async () => {
    // Sent yesterday, answered today, then answered again: one answered invitation, yesterday.
    const token = await invite({ department: 'Billing', function: 'Disputes' });
    await env.DB.prepare('UPDATE invitations SET created_at = created_at - 86400000 WHERE id = ?').bind(token).run();
    await postJson('/api/surveys/demo/responses', { score: 4, invitation: token });
    await foldNewRows(env.DB);
    await postJson('/api/surveys/demo/responses', { score: 8, invitation: token });
    await foldNewRows(env.DB);
    const yesterday = dayOf(Date.now() - 86_400_000);
    const disputes = await env.DB.prepare(`SELECT day, invitations, answered FROM rollup_invitations WHERE survey = 'demo' AND segment_path = ?`)
      .bind(pathKey(['Billing', 'Disputes']))
      .all();
    expect(disputes.results).toEqual([{ day: yesterday, invitations: 1, answered: 1 }]);
    expect(await answeredRollup()).toEqual(await answeredScan());

    // Rollups folded before the column existed: the migration counts the same from the ledger (keyed by id then).
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0007'))!.queries.find((q) => q.includes('answered = excluded.answered'))!;
    await migrateRollupsFromOldShapes(async () => {
      await env.DB.prepare('UPDATE rollup_invitations SET answered = 0').run();
      await env.DB.prepare(backfill).run();
    });
    expect(await answeredRollup()).toEqual(await answeredScan());
  });

  it('counts the answers with a comment, and an edit that adds or removes one moves the count; the migration\'s backfill agrees', async () => {
    const commented = async () =>
      (await env.DB.prepare(`SELECT coalesce(sum(commented), 0) AS n FROM rollup_days WHERE survey = 'demo' AND segment_path = ?`)
        .bind(pathKey(['Comments']))
        .first<{ n: number }>())!.n;
    const first = await invite({ department: 'Comments' });
    const second = await invite({ department: 'Comments' });
    await postJson('/api/surveys/demo/responses', { score: 9, invitation: first });
    await postJson('/api/surveys/demo/responses', { score: 2, reason: '  Too slow  ', invitation: second });
    await postJson('/api/surveys/demo/responses', { score: 7, reason: '   ', segments: { department: 'Comments' } });
    await foldNewRows(env.DB);
    expect(await commented()).toBe(1);
    // The first adds a comment, the second takes its away: still one, now on score 9.
    await postJson('/api/surveys/demo/responses', { score: 9, followUp: 'Call me', invitation: first });
    await postJson('/api/surveys/demo/responses', { score: 2, invitation: second });
    await foldNewRows(env.DB);
    await daysAgreeWithScan();

    // Rollups folded before the column existed (and so before 0026 and 0028): the migration counts the same from the ledger.
    const [, , ledgerFill, daysFill] = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0022'))!.queries;
    await migrateRollupsFromOldShapes(async () => {
      await env.DB.prepare('UPDATE rollup_days SET commented = 0').run();
      await env.DB.prepare('UPDATE rollup_ledger SET commented = 0').run();
      await env.DB.prepare(ledgerFill!).run();
      await env.DB.prepare(daysFill!).run();
    });
    expect(await commented()).toBe(1);
    await daysAgreeWithScan();
  });

  it('keeps the month tables equal to the days summed by month, and migration 0025 fills them alike from the days', async () => {
    await answers(20, 4);
    const token = await invite({ department: 'Months', function: 'Themes' });
    await postJson('/api/surveys/demo/responses', { score: 3, reason: 'The parcel came late', invitation: token });
    // Backdated a month and a half, so the tables hold more than one month.
    await env.DB.prepare('UPDATE responses SET created_at = created_at - 45 * 86400000 WHERE invitation_id = ?').bind(token).run();
    await foldNewRows(env.DB);
    await postJson('/api/surveys/demo/responses', { score: 9, reason: 'Quick delivery, fair price', invitation: token });
    await foldNewRows(env.DB);
    await daysAgreeWithScan();
    const themed = await env.DB.prepare(`SELECT month, theme, category, comments FROM rollup_theme_months WHERE segment_path = ? AND comments <> 0 ORDER BY theme`)
      .bind(pathKey(['Months']))
      .all();
    expect(themed.results).toEqual([
      { month: `${dayOf(Date.now() - 45 * 86_400_000).slice(0, 7)}-01`, theme: 'delivery', category: 'promoter', comments: 1 },
      { month: `${dayOf(Date.now() - 45 * 86_400_000).slice(0, 7)}-01`, theme: 'price', category: 'promoter', comments: 1 },
    ]);

    // A deployment folded before the month tables existed: the migration sums the days.
    const MONTHS = ['rollup_theme_months', 'rollup_invitation_months'];
    const snapshot = async () => Promise.all(MONTHS.map(async (table) => (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4, 5, 6`).all()).results));
    const folded = await snapshot();
    await env.DB.batch(MONTHS.map((table) => env.DB.prepare(`DELETE FROM ${table}`)));
    const backfills = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0025'))!.queries.filter((q) => /INSERT INTO rollup_(theme|invitation)_months/.test(q));
    expect(backfills).toHaveLength(2);
    for (const backfill of backfills) await env.DB.prepare(backfill).run();
    expect(await snapshot()).toEqual(folded);
    // rollup_months: filled by 0025 from the days as they were stored then, and turned by 0026 into a row per month.
    await migrateRollupsFromOldShapes();
    await daysAgreeWithScan();
  });

  it('keeps the week tables equal to the days summed by week (their Monday), by triggers on the days, and migration 0032 fills them alike from the days', async () => {
    await answers(20, 4);
    const token = await invite({ department: 'Weeks', function: 'Themes' });
    await postJson('/api/surveys/demo/responses', { score: 3, reason: 'The parcel came late', invitation: token });
    // Backdated ten days, so its week is not this one; then edited: the week's row moves from score 3 to 9.
    await env.DB.prepare('UPDATE responses SET created_at = created_at - 10 * 86400000 WHERE invitation_id = ?').bind(token).run();
    await foldNewRows(env.DB);
    const monday = weekOf(dayOf(Date.now() - 10 * 86_400_000));
    const weekly = async () =>
      (await env.DB.prepare(`SELECT week, answers, s3, s9 FROM rollup_weeks WHERE segment_path = ? AND answers <> 0`).bind(pathKey(['Weeks'])).all()).results;
    expect(await weekly()).toEqual([{ week: monday, answers: 1, s3: 1, s9: 0 }]);
    await postJson('/api/surveys/demo/responses', { score: 9, reason: 'Quick delivery, fair price', invitation: token });
    await foldNewRows(env.DB);
    await daysAgreeWithScan();
    expect(await weekly()).toEqual([{ week: monday, answers: 1, s3: 0, s9: 1 }]);
    const themed = await env.DB.prepare(`SELECT week, theme, category, comments FROM rollup_theme_weeks WHERE segment_path = ? AND comments <> 0 ORDER BY theme`)
      .bind(pathKey(['Weeks']))
      .all();
    expect(themed.results).toEqual([
      { week: monday, theme: 'delivery', category: 'promoter', comments: 1 },
      { week: monday, theme: 'price', category: 'promoter', comments: 1 },
    ]);

    // A deployment folded before the week tables existed: the migration sums the days.
    const WEEKS = ['rollup_weeks', 'rollup_theme_weeks'];
    const snapshot = async () => Promise.all(WEEKS.map(async (table) => (await env.DB.prepare(`SELECT * FROM ${table} WHERE ${table === 'rollup_weeks' ? 'answers' : 'comments'} <> 0 ORDER BY 1, 2, 3, 4, 5`).all()).results));
    const folded = await snapshot();
    await env.DB.batch(WEEKS.map((table) => env.DB.prepare(`DELETE FROM ${table}`)));
    const backfills = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0032'))!.queries.filter((q) => /INSERT INTO rollup_(theme_)?weeks/.test(q) && !q.includes('CREATE TRIGGER'));
    expect(backfills).toHaveLength(2);
    for (const backfill of backfills) await env.DB.prepare(backfill).run();
    expect(await snapshot()).toEqual(folded);
  });

  it('migrations 0026, 0028 and 0030: a row per path and day or month with the score columns, the ledger keyed by rowid with one entry each, counts unchanged and edits still exact', async () => {
    await answers(40, 4);
    const token = await invite({ department: 'Wide', function: 'Columns' });
    await postJson('/api/surveys/demo/responses', { score: 2, reason: 'Too slow', invitation: token });
    await env.DB.prepare('UPDATE responses SET created_at = created_at - 40 * 86400000 WHERE invitation_id = ?').bind(token).run();
    await foldNewRows(env.DB);
    await postJson('/api/surveys/demo/responses', { score: 8, invitation: token });
    await foldNewRows(env.DB);
    const counted = async () => (await env.DB.prepare('SELECT * FROM rollup_days WHERE answers <> 0 ORDER BY 1, 2, 5').all()).results;
    const folded = await counted();
    await migrateRollupsFromOldShapes();
    expect(await counted()).toEqual(folded);
    const wide = await env.DB.prepare(`SELECT answers, invited, commented, s2, s8 FROM rollup_months WHERE segment_path = ?`).bind(pathKey(['Wide'])).all();
    expect(wide.results).toEqual([{ answers: 1, invited: 1, commented: 0, s2: 0, s8: 1 }]);
    await daysAgreeWithScan();

    // 0028 keyed the ledger by rowid, 0030 made each row one entry: an answer edited after them still moves instead of counting twice.
    await postJson('/api/surveys/demo/responses', { score: 1, reason: 'Still too slow', invitation: token });
    await foldNewRows(env.DB);
    const moved = await env.DB.prepare(`SELECT answers, commented, s1, s8 FROM rollup_months WHERE segment_path = ?`).bind(pathKey(['Wide'])).all();
    expect(moved.results).toEqual([{ answers: 1, commented: 1, s1: 1, s8: 0 }]);
    expect(await rollups()).toEqual(await fullScan());
    await daysAgreeWithScan();
  });

  it('interrupted half way, the next run completes it correctly', async () => {
    await answers(30, 5);
    // Stopped after two steps of five, as when a run hits its budget.
    expect(await foldNewRows(env.DB, { stepSize: 5, maxSteps: 2 })).toMatchObject({ responses: 10, caughtUp: false });
    // Then a run whose storage fails on its second write: the first step lands whole, the second not at all.
    let batches = 0;
    const flaky = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') {
          return (statements: D1PreparedStatement[]) => {
            batches += 1;
            if (batches === 2) throw new Error('D1_ERROR: Network connection lost.');
            return target.batch(statements);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(foldNewRows(flaky, { stepSize: 5 })).rejects.toThrow('Network connection lost');
    expect(await rollups()).not.toEqual(await fullScan());
    // A failure that may pass sets nothing aside: the next run folds the same rows.
    expect(await setAsideRows()).toEqual([]);
    expect(await foldNewRows(env.DB, { stepSize: 5, maxQueries: 1000 })).toMatchObject({ responses: 15, caughtUp: true });
    expect(await rollups()).toEqual(await fullScan());
    await daysAgreeWithScan();
  });

  it('two runs at the same time never fold the same answers twice', async () => {
    await answers(25, 2);
    await Promise.all([foldNewRows(env.DB, { stepSize: 3 }), foldNewRows(env.DB, { stepSize: 3 }), foldNewRows(env.DB, { stepSize: 4 })]);
    await foldNewRows(env.DB);
    expect(await rollups()).toEqual(await fullScan());
    await daysAgreeWithScan();
  });
});

describe('POST /api/admin/regenerate', () => {
  it('runs the rollup now for an admin and says how far the data goes', async () => {
    await answers(3, 1);
    const res = await postJson('/api/admin/regenerate', {}, admin);
    expect(res.status).toBe(200);
    const body = await res.json<{ responses: number; caughtUp: boolean; dataAsOf: number }>();
    expect(body).toMatchObject({ responses: 3, caughtUp: true });
    expect(body.dataAsOf).toBeGreaterThan(Date.now() - 60_000);
    expect(await rollups()).toEqual(await fullScan());
  });

  it('refuses anyone else', async () => {
    expect((await postJson('/api/admin/regenerate', {})).status).toBe(401);
  });
});

describe('comments by theme', () => {
  async function themeCount(theme: string, category: string) {
    const row = await env.DB.prepare(
      `SELECT coalesce(sum(comments), 0) AS n FROM rollup_themes WHERE survey = 'demo' AND segment_path = '["Themes"]' AND theme = ? AND category = ?`,
    ).bind(theme, category).first<{ n: number }>();
    return row!.n;
  }

  it('counts comments per theme and category, and moves them when an answer is edited', async () => {
    const token = await invite({ department: 'Themes' });
    await postJson('/api/surveys/demo/responses', { score: 2, reason: 'The parcel was late', segments: { department: 'Themes' } });
    await postJson('/api/surveys/demo/responses', { score: 3, reason: 'Invoice wrong', invitation: token });
    await foldNewRows(env.DB);
    expect(await themeCount('delivery', 'detractor')).toBe(1);
    expect(await themeCount('billing', 'detractor')).toBe(1);
    // The invited customer answers again: now a promoter who praises the price.
    await postJson('/api/surveys/demo/responses', { score: 10, reason: 'Great price', invitation: token });
    await foldNewRows(env.DB);
    expect(await themeCount('billing', 'detractor')).toBe(0);
    expect(await themeCount('price', 'promoter')).toBe(1);
    const members = await env.DB.prepare(`SELECT theme FROM response_themes WHERE response_rowid = (SELECT rowid FROM responses WHERE invitation_id = ?)`).bind(token).all<{ theme: string }>();
    expect(members.results.map((m) => m.theme)).toEqual(['price']);
  });
});
