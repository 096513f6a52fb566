import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Survey } from '@/schemas/survey';
import { foldNewRows } from '../../functions/jobs/rollup';
import { RETENTION_QUERIES, retentionQueries, sweepRetention } from '../../functions/jobs/retention';
import { getSurvey } from '../../functions/surveys/catalog';
import { suppressionHashes } from '../../functions/erasure/suppression';
import { countingD1 } from '../support/counting-d1';
import { findStored, rollupTables } from '../support/personal-data';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const ago = (days: number) => NOW - days * DAY;
// demo keeps answers' comments and contact details for 30 days; support has no retentionDays.
const demo = { ...getSurvey('demo')!, retentionDays: 30 } satisfies Survey;
const support = getSurvey('support')!;

let revision = 50_000_000;
const tag = () => crypto.randomUUID().slice(0, 8);

async function contact(key: string, { unsubscribed = false } = {}) {
  const id = `c-${tag()}`;
  await env.DB.prepare(
    `INSERT INTO contacts (id, contact_key, external_id, email, name, unsubscribed_at, created_at, updated_at) VALUES (?1, 'ext:' || ?2, ?2, ?3, ?4, ?5, 0, 0)`,
  ).bind(id, key, `${key}@example.com`, `Name ${key}`, unsubscribed ? ago(50) : null).run();
  return id;
}

async function invitation(survey: string, contactId: string, daysAgo: number) {
  const id = `i-${tag()}`;
  await env.DB.prepare(`INSERT INTO invitations (id, survey, contact_id, locale, created_at) VALUES (?, ?, ?, 'en', ?)`).bind(id, survey, contactId, ago(daysAgo)).run();
  return id;
}

async function answer(survey: string, daysAgo: number, reason: string, link: { contact?: string; invitation?: string } = {}) {
  const id = `r-${tag()}`;
  revision += 1;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO responses (id, survey, score, category, reason, follow_up, answers, locale, channel, invitation_id, contact_id, created_at, updated_at, revision)
       VALUES (?1, ?2, 2, 'detractor', ?3, ?3, json_object('value', 'price', 'note', ?3), 'en', ?4, ?5, ?6, ?7, ?7, ?8)`,
    ).bind(id, survey, reason, link.invitation ? 'invitation' : 'link', link.invitation ?? null, link.contact ?? null, ago(daysAgo), revision),
    env.DB.prepare(`INSERT INTO alerts (id, response_id, survey, created_at) VALUES (?, ?, ?, 0)`).bind(`a-${id}`, id, survey),
    env.DB.prepare(`INSERT INTO follow_ups (response_id, ref, survey, status, due, updated_at) SELECT id, ref, survey, 'new', '2026-01-01', 0 FROM responses WHERE id = ?`).bind(id),
  ]);
  return id;
}

const stored = (id: string) =>
  env.DB.prepare(`SELECT reason, answers, contact_id, invitation_id, (SELECT count(*) FROM alerts WHERE response_id = r.id) AS alerts FROM responses AS r WHERE id = ?`)
    .bind(id)
    .first();
const exists = async (table: 'contacts' | 'invitations', id: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE id = ?`).bind(id).first<number>('n')) === 1;

describe('the retention sweep (retentionDays)', () => {
  it('erases comments and contact details of answers older than retentionDays, and keeps the newer ones and the scores', async () => {
    const t = tag();
    // Answered 40 days ago through an invitation: the answer is cleared, the invitation and contact go.
    const oldPerson = await contact(`old-${t}`);
    const oldAnswer = await answer('demo', 40, `oldword${t} slow`, { contact: oldPerson, invitation: await invitation('demo', oldPerson, 41) });
    // Invited 40 days ago, never answered, unsubscribed: the invitation and contact go, the unsubscribe stays as a hash.
    const quiet = await contact(`quiet-${t}`, { unsubscribed: true });
    await invitation('demo', quiet, 40);
    // Invited 40 days ago, answered 10 days ago: all kept.
    const recent = await contact(`recent-${t}`);
    const recentInvitation = await invitation('demo', recent, 40);
    const recentAnswer = await answer('demo', 10, `newword${t} fine`, { contact: recent, invitation: recentInvitation });
    // An old answer, and a newer invitation to another survey: the answer is cleared, the contact stays.
    const both = await contact(`both-${t}`);
    const bothOld = await answer('demo', 40, `bothword${t}`, { contact: both });
    const bothInvitation = await invitation('support', both, 5);
    // Surveys without retentionDays keep everything.
    const supportOld = await answer('support', 400, `supportword${t}`);
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
    const figures = await rollupTables();

    const report = await sweepRetention(env.DB, { surveys: [demo, support], suppressionKey: env.SUPPRESSION_KEY, now: NOW, maxQueries: 1000 });

    expect(report).toEqual({ responses: 2, invitations: 2, contacts: 2 });
    expect(await stored(oldAnswer)).toEqual({ reason: null, answers: '{"value":"price"}', contact_id: null, invitation_id: null, alerts: 0 });
    expect(await stored(bothOld)).toMatchObject({ reason: null, contact_id: null, alerts: 0 });
    expect(await stored(recentAnswer)).toMatchObject({ reason: `newword${t} fine`, contact_id: recent, invitation_id: recentInvitation, alerts: 1 });
    expect(await stored(supportOld)).toMatchObject({ reason: `supportword${t}`, alerts: 1 });
    expect([await exists('contacts', oldPerson), await exists('contacts', quiet), await exists('contacts', recent), await exists('contacts', both)]).toEqual([false, false, true, true]);
    expect(await exists('invitations', bothInvitation)).toBe(true);
    const gone = [`old-${t}`, `quiet-${t}`, `oldword${t}`, `bothword${t}`];
    expect(await findStored(gone)).toEqual(Object.fromEntries(gone.map((n) => [n, []])));
    const kept = await findStored([`recent-${t}`, `both-${t}`, `newword${t}`, `supportword${t}`]);
    expect(Object.values(kept).every((where) => where.length > 0)).toBe(true);
    const [hash] = await suppressionHashes(env.SUPPRESSION_KEY, [`ext:quiet-${t}`]);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM suppressions WHERE key_hash = ?').bind(hash).first('n')).toBe(1);
    // The scores are still counted as they were, before and after another rollup run.
    expect(await rollupTables()).toEqual(figures);
    while (!(await foldNewRows(env.DB, { maxQueries: 1000 })).caughtUp);
    expect(await rollupTables()).toEqual(figures);
    // What the Cron run logs is counts only.
    expect(JSON.stringify(report)).toMatch(/^\{("\w+":\d+,?)+\}$/);

    // A second run finds nothing new to erase.
    expect(await sweepRetention(env.DB, { surveys: [demo, support], suppressionKey: env.SUPPRESSION_KEY, now: NOW, maxQueries: 1000 })).toEqual({ responses: 0, invitations: 0, contacts: 0 });
  });

  it('keeps an unsubscribed contact when there is no SUPPRESSION_KEY to keep the unsubscribe with', async () => {
    const t = tag();
    const quiet = await contact(`nokey-${t}`, { unsubscribed: true });
    await answer('demo', 40, `nokeyword${t}`, { contact: quiet });
    await sweepRetention(env.DB, { surveys: [demo], now: NOW + DAY, maxQueries: 1000 });
    expect(await exists('contacts', quiet)).toBe(true);
    expect((await findStored([`nokeyword${t}`]))[`nokeyword${t}`]).toEqual([]);
  });

  it('stays within its share of the Cron run\'s D1 queries, and catches up on a backlog run by run', async () => {
    const t = tag();
    // A survey of its own, so the earlier tests' progress is not this one's.
    const bulk = { ...demo, id: `bulk-${t}` };
    const many = await contact(`many-${t}`);
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
       INSERT INTO responses (id, survey, score, category, reason, locale, channel, contact_id, created_at, updated_at, revision)
       SELECT ?1 || i, ?6, 9, 'promoter', ?2, 'en', 'link', ?3, ?4 + i, ?4 + i, ?5 + i FROM n`,
    ).bind(`bulk-${t}-`, `bulkword${t}`, many, ago(90), (revision += 10_000), bulk.id).run();
    const runs: number[] = [];
    let at = NOW + 2 * DAY;
    for (let run = 0; run < 10; run += 1) {
      const db = countingD1(env.DB);
      await sweepRetention(db.binding, { surveys: [bulk], suppressionKey: env.SUPPRESSION_KEY, now: (at += 15 * 60_000) });
      runs.push(db.queries);
    }
    expect(Math.max(...runs)).toBeLessThanOrEqual(RETENTION_QUERIES);
    // Steps of 500 answers (a read and 9 statements), then a run that finds nothing left to read.
    expect(runs.slice(0, 4)).toEqual([10, 10, 10, 2]);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM responses WHERE id LIKE ? AND reason IS NOT NULL`).bind(`bulk-${t}-%`).first('n')).toBe(0);
    expect(await exists('contacts', many)).toBe(false);
    expect(retentionQueries([demo, support])).toBe(RETENTION_QUERIES);
    expect(retentionQueries([support])).toBe(0);
  });
});
