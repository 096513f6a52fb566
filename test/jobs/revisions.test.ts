import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { pathKey } from '@/report/segments';
import { postJson, request, uniqueName } from '../support/api';

/** Answers counted by the rollup for one department. */
async function counted(department: string) {
  const row = await env.DB.prepare(`SELECT coalesce(sum(answers), 0) AS n FROM rollup_days WHERE survey = 'demo' AND segment_path = ?`)
    .bind(pathKey([department]))
    .first<{ n: number }>();
  return row!.n;
}

async function answer(department: string, score = 8) {
  const res = await postJson('/api/surveys/demo/responses', { score, segments: { department } });
  expect(res.status).toBe(201);
  return (await res.json<{ id: string }>()).id;
}

// A fresh answer's revision is its rowid, a changed one's its revision column (migrations/0029).
const deleteNewest = () =>
  env.DB.prepare('DELETE FROM responses WHERE rowid = (SELECT rowid FROM responses ORDER BY CASE revision WHEN 0 THEN rowid ELSE revision END DESC LIMIT 1)').run();

/** A detractor's answer, folded, then deleted: its department and the rowid it had. */
async function foldedThenDeleted() {
  const deleted = uniqueName('Deleted');
  await answer(deleted, 3);
  await foldNewRows(env.DB);
  const { rowid } = (await env.DB.prepare('SELECT max(rowid) AS rowid FROM responses').first<{ rowid: number }>())!;
  await deleteNewest();
  return { deleted, rowid };
}

describe('the revision counter never goes back', () => {
  it('an answer after the newest one was deleted is still counted', async () => {
    await answer(uniqueName('Kept'));
    await answer(uniqueName('Deleted'));
    await foldNewRows(env.DB);
    await deleteNewest();
    const later = uniqueName('Later');
    await answer(later);
    await foldNewRows(env.DB);
    expect(await counted(later)).toBe(1);
  });

  it('a later answer never takes the rowid of a deleted one: it is numbered above it', async () => {
    const { deleted, rowid } = await foldedThenDeleted();
    const later = uniqueName('Later');
    await answer(later, 9);
    expect(await env.DB.prepare('SELECT max(rowid) AS rowid FROM responses').first('rowid')).toBe(rowid + 1);
    await foldNewRows(env.DB);
    expect(await counted(later)).toBe(1);
    expect(await counted(deleted)).toBe(1);
  });

  it('a row written straight into D1 with the rowid of a deleted one is folded as new, not as an edit of it', async () => {
    const { deleted, rowid } = await foldedThenDeleted();
    // An import that lets SQLite number its rows gets the freed rowid: the case the ledger (keyed by rowid, migrations/0028) must survive.
    const later = uniqueName('Later');
    await env.DB.prepare(
      `INSERT INTO responses (id, survey, score, category, segments, locale, channel, created_at, updated_at, revision)
       VALUES ('imported000000000000000', 'demo', 9, 'promoter', json_object('department', ?1), 'en', 'link', ?2, ?2,
               (SELECT value FROM response_revision WHERE id = 1) + 1)`,
    ).bind(later, Date.now()).run();
    expect(await env.DB.prepare(`SELECT rowid FROM responses WHERE id = 'imported000000000000000'`).first('rowid')).toBe(rowid);
    await foldNewRows(env.DB);
    expect(await counted(later)).toBe(1);
    // The deleted answer's counts stay as published: the later answer took nothing out of them.
    expect(await counted(deleted)).toBe(1);
  });

  it('a follow-up added after the newest answer was deleted is folded in', async () => {
    const department = uniqueName('Amended');
    const id = await answer(department, 3);
    await answer(uniqueName('Deleted'));
    await foldNewRows(env.DB);
    await deleteNewest();
    const res = await request(`/api/surveys/demo/responses/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ followUp: 'The parcel was late' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    await foldNewRows(env.DB);
    const theme = await env.DB.prepare('SELECT theme FROM response_themes WHERE response_rowid = (SELECT rowid FROM responses WHERE id = ?)').bind(id).first<{ theme: string }>();
    expect(theme?.theme).toBe('delivery');
  });

  it('keeps above a revision written around it (a seeded row), so what comes next is folded', async () => {
    const seeded = uniqueName('Seeded');
    await env.DB.prepare(
      `INSERT INTO responses (id, survey, score, category, segments, locale, channel, created_at, updated_at, revision)
       VALUES ('seeded00000000000000000', 'demo', 9, 'promoter', json_object('department', ?1), 'en', 'link', ?2, ?2,
               (SELECT max(rowid) FROM responses) + 1000)`,
    ).bind(seeded, Date.now()).run();
    await foldNewRows(env.DB);
    const later = uniqueName('AfterSeed');
    await answer(later);
    await foldNewRows(env.DB);
    expect([await counted(seeded), await counted(later)]).toEqual([1, 1]);
  });
});
