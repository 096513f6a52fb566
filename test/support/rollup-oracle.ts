/** What the rollup tests compare the rollup tables with: a full scan of the responses. */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { getSurvey } from '../../functions/surveys/catalog';
import { dayOf } from '@/report/days';
import { pathKey, segmentPaths } from '@/report/segments';
import { SCORE_COLUMNS } from '@/report/rows';
import { LEDGER_FIELDS } from '@/rollup/step';

/** The responses the rollup did not set aside, counted per survey, path, day and score: answers, invited answers, answers with a comment. */
async function scan() {
  const { results } = await env.DB.prepare(
    `SELECT survey, score, segments, channel, created_at, (reason IS NOT NULL OR follow_up IS NOT NULL) AS commented FROM responses
     WHERE id NOT IN (SELECT row_id FROM rollup_set_aside WHERE stream = 'responses')`,
  ).all<{ survey: string; score: number; segments: string; channel: string; created_at: number; commented: number }>();
  const counts = new Map<string, { answers: number; invited: number; commented: number }>();
  for (const r of results) {
    for (const path of segmentPaths(getSurvey(r.survey)!.segments, JSON.parse(r.segments))) {
      const key = JSON.stringify([r.survey, pathKey(path), dayOf(r.created_at), r.score]);
      const count = counts.get(key) ?? { answers: 0, invited: 0, commented: 0 };
      count.answers += 1;
      if (r.channel === 'invitation') count.invited += 1;
      count.commented += r.commented;
      counts.set(key, count);
    }
  }
  return counts;
}

/** The oracle: answers per (survey, path, score) by a full scan. */
export async function fullScan() {
  const counts = new Map<string, number>();
  for (const [key, { answers }] of await scan()) {
    const [survey, path, , score] = JSON.parse(key) as [string, string, string, number];
    const byScore = `${survey} ${path} ${score}`;
    counts.set(byScore, (counts.get(byScore) ?? 0) + answers);
  }
  return counts;
}

export async function rollups() {
  const { results } = await env.DB.prepare(`SELECT survey, segment_path, ${SUMS} FROM rollup_days GROUP BY survey, segment_path`).all<Scores>();
  return new Map(
    results.flatMap((r) => SCORE_COLUMNS.flatMap((column, score) => (r[column]! > 0 ? [[`${r.survey} ${r.segment_path} ${score}`, r[column]!] as const] : []))),
  );
}

const SUMS = SCORE_COLUMNS.map((column) => `sum(${column}) AS ${column}`).join(', ');
type Scores = { survey: string; segment_path: string } & Record<string, number>;

/**
 * The pages' table, day by day, says exactly what a full scan says, invited and commented answers
 * included: each row's total is the sum of its score columns, and every count matches.
 */
export async function daysAgreeWithScan() {
  const { results } = await env.DB.prepare('SELECT * FROM rollup_days').all<Scores & { day: string; answers: number; invited: number; commented: number }>();
    const byDay = new Map<string, { answers: number; invited: number; commented: number; scores: number[] }>();
  for (const [key, count] of await scan()) {
    const [survey, path, day, score] = JSON.parse(key) as [string, string, string, number];
    const id = JSON.stringify([survey, path, day]);
    const row = byDay.get(id) ?? { answers: 0, invited: 0, commented: 0, scores: Array<number>(11).fill(0) };
    row.answers += count.answers;
    row.invited += count.invited;
    row.commented += count.commented;
    row.scores[score]! += count.answers;
    byDay.set(id, row);
  }
  const stored = new Map(
    results
      .map((r) => [JSON.stringify([r.survey, r.segment_path, r.day]), { answers: r.answers, invited: r.invited, commented: r.commented, scores: SCORE_COLUMNS.map((column) => r[column]!) }] as const)
      .filter(([, r]) => r.answers !== 0 || r.invited !== 0 || r.commented !== 0 || r.scores.some((n) => n !== 0)),
  );
  expect(stored).toEqual(byDay);
  for (const r of results) expect(SCORE_COLUMNS.reduce((sum, column) => sum + r[column]!, 0)).toBe(r.answers);
  await periodsAgreeWithDays();
}

// The longer periods the rollups keep, each by its first day: as migrations 0025 (months) and 0032 (weeks, their Monday) key them.
const MONTH_OF = `substr(day, 1, 7) || '-01'`;
const PERIODS = [
  { column: 'month', of: MONTH_OF, scores: 'rollup_months', themes: 'rollup_theme_months' },
  { column: 'week', of: `date(day, '-6 days', 'weekday 1')`, scores: 'rollup_weeks', themes: 'rollup_theme_weeks' },
];

/**
 * The monthly tables (migrations/0025) are the daily ones summed by month (answers, themes, invitations), and the weekly ones
 * (0032) summed by week (answers, themes), key by key: the same rows with a non-zero count, exactly, whatever edits moved in between.
 */
export async function periodsAgreeWithDays() {
  const pairs = [
    ...PERIODS.flatMap(({ column, of, scores, themes }) => [
      [
        `SELECT survey, segment_path, parent_path, level, ${of} AS ${column},
                sum(answers) AS answers, sum(invited) AS invited, sum(commented) AS commented, ${SUMS}
         FROM rollup_days GROUP BY 1, 2, 5`,
        `SELECT survey, segment_path, parent_path, level, ${column}, answers, invited, commented, ${SCORE_COLUMNS.join(', ')} FROM ${scores}`,
        `answers <> 0 OR invited <> 0 OR commented <> 0 OR ${SCORE_COLUMNS.map((c) => `${c} <> 0`).join(' OR ')}`,
      ],
      [
        `SELECT survey, segment_path, ${of} AS ${column}, theme, category, sum(comments) AS comments
         FROM rollup_themes GROUP BY 1, 2, 3, 4, 5`,
        `SELECT survey, segment_path, ${column}, theme, category, comments FROM ${themes}`,
        'comments <> 0',
      ],
    ]),
    [
      `SELECT survey, segment_path, parent_path, level, ${MONTH_OF} AS month, sum(invitations) AS invitations, sum(answered) AS answered
       FROM rollup_invitations GROUP BY 1, 2, 5`,
      'SELECT survey, segment_path, parent_path, level, month, invitations, answered FROM rollup_invitation_months',
      'invitations <> 0 OR answered <> 0',
    ],
  ];
  for (const [byDays, periods, counted] of pairs) {
    const rows = async (sql: string) => {
      const { results } = await env.DB.prepare(`SELECT * FROM (${sql}) WHERE ${counted}`).all();
      return results.map((row) => JSON.stringify(row)).sort();
    };
    expect(await rows(periods!)).toEqual(await rows(byDays!));
  }
}

/** The rows the rollup has set aside, as recorded. */
export async function setAsideRows() {
  const { results } = await env.DB.prepare('SELECT stream, row_id, survey, position, reason FROM rollup_set_aside ORDER BY position').all<{
    stream: string;
    row_id: string;
    survey: string;
    position: number;
    reason: string;
  }>();
  return results;
}

const migration = (name: string) => env.TEST_MIGRATIONS.find((m) => m.name.startsWith(name))!.queries;

/**
 * Puts the rollups back as they were before migrations 0026, 0028, 0030 and 0032: the day and month tables a
 * row per score (as 0004, 0022 and 0025 made them), filled with the days a full scan gives, no weeks, and
 * the ledger and the theme memberships keyed by the response's id. Runs `before` on them (an older migration's backfill),
 * fills the months with 0025's backfill, then applies 0026, 0028, 0030 and 0032, as a deployment would.
 */
export async function migrateRollupsFromOldShapes(before: () => Promise<void> = async () => {}) {
  const old = [
    ...migration('0004').filter((q) => /CREATE (TABLE|INDEX \w+ ON) (rollup_days|rollup_ledger|response_themes)\b/.test(q)),
    ...migration('0022').filter((q) => /ALTER TABLE rollup_(days|ledger)\b/.test(q)),
    ...migration('0025').filter((q) => /CREATE (TABLE|INDEX \w+ ON) rollup_months\b/.test(q)),
  ];
  expect(old).toHaveLength(9);
  const { results: ledger } = await env.DB.prepare(
    `SELECT r.id AS response_id, ${LEDGER_FIELDS.map((field, i) => `l.entry->>${i} AS ${field}`).join(', ')}
     FROM rollup_ledger AS l JOIN responses AS r ON r.rowid = l.response_rowid`,
  ).all();
  const { results: memberships } = await env.DB.prepare('SELECT r.id AS response_id, t.theme FROM response_themes AS t JOIN responses AS r ON r.rowid = t.response_rowid').all();
  await env.DB.batch([
    env.DB.prepare('DROP TRIGGER rollup_ledger_on_response_delete'),
    // rollup_days' own triggers go with the table.
    ...['rollup_theme_weeks_on_day_insert', 'rollup_theme_weeks_on_day_update'].map((trigger) => env.DB.prepare(`DROP TRIGGER ${trigger}`)),
    ...['rollup_days', 'rollup_months', 'rollup_weeks', 'rollup_theme_weeks', 'rollup_ledger', 'response_themes'].map((table) => env.DB.prepare(`DROP TABLE ${table}`)),
    ...old.map((q) => env.DB.prepare(q)),
  ]);
  await env.DB.prepare(
    `INSERT INTO rollup_ledger (response_id, survey, paths, day, locale, channel, score, themes, commented)
     SELECT l.value->>'response_id', l.value->>'survey', l.value->>'paths', l.value->>'day', l.value->>'locale',
            l.value->>'channel', l.value->>'score', l.value->>'themes', l.value->>'commented'
     FROM json_each(?1) AS l`,
  )
    .bind(JSON.stringify(ledger))
    .run();
  await env.DB.prepare(`INSERT INTO response_themes (response_id, theme) SELECT m.value->>'response_id', m.value->>'theme' FROM json_each(?1) AS m`)
    .bind(JSON.stringify(memberships))
    .run();
  const rows = [...(await scan())].map(([key, count]) => {
    const [survey, path, day, score] = JSON.parse(key) as [string, string, string, number];
    const segments = JSON.parse(path) as string[];
    return { survey, path, parent: segments.length ? JSON.stringify(segments.slice(0, -1)) : null, level: segments.length, day, score, ...count };
  });
  await env.DB.prepare(
    `INSERT INTO rollup_days (survey, segment_path, parent_path, level, day, score, answers, invited, commented)
     SELECT r.value->>'survey', r.value->>'path', r.value->>'parent', r.value->>'level', r.value->>'day', r.value->>'score',
            r.value->>'answers', r.value->>'invited', r.value->>'commented'
     FROM json_each(?1) AS r`,
  )
    .bind(JSON.stringify(rows))
    .run();
  await before();
  const monthsBackfill = migration('0025').filter((q) => /INSERT INTO rollup_months\b/.test(q));
  expect(monthsBackfill).toHaveLength(1);
  await env.DB.prepare(monthsBackfill[0]!).run();
  for (const query of [...migration('0026'), ...migration('0028'), ...migration('0030'), ...migration('0032')]) await env.DB.prepare(query).run();
}
