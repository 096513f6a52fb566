import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { admin, request } from '../support/api';
import { answer, patch } from '../support/follow-ups';

// A ref names its row since migration 0031: 8 random hex digits, then the rowid in 8. The item page
// (and the alert's link to it) finds the answer by its rowid, so an answer that needs a follow-up
// writes no index entry for its ref; a ref made before keeps its entry, and its links keep working.

const NEEDS = `(category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL)))`;
const rowOf = (id: string) => env.DB.prepare('SELECT rowid, ref FROM responses WHERE id = ?').bind(id).first<{ rowid: number; ref: string }>();
const item = (ref: string) => request(`/api/follow-ups/${ref}`, { headers: admin });
/** Entries of the index of refs made before migration 0031, read through it. */
const randomRefEntries = async (ref: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM responses INDEXED BY responses_to_follow_up_by_random_ref WHERE ref = ? AND ${NEEDS} AND substr(ref, 9) <> printf('%08x', rowid)`)
    .bind(ref)
    .first<{ n: number }>())!.n;

/** A detractor's answer written as before migration 0031: its ref random to the end. */
async function answeredBefore(ref: string) {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO responses (id, survey, score, category, reason, segments, locale, channel, created_at, updated_at, revision, ref)
     VALUES (?, 'demo', 1, 'detractor', 'Late', '{"department":"Refs"}', 'en', 'link', ?, ?, 0, ?)`,
  )
    .bind(id, Date.now(), Date.now(), ref)
    .run();
  return id;
}

describe('an item found by its ref', () => {
  it("an answer's ref ends in its rowid, and opens its item without an index entry of its own", async () => {
    const { id, ref } = await answer({ score: 3, reason: 'Slow' });
    const row = (await rowOf(id))!;
    expect(ref).toMatch(/^[0-9a-f]{16}$/);
    expect(ref.slice(8)).toBe(row.rowid.toString(16).padStart(8, '0'));
    const res = await item(ref);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ref, status: 'new', score: 3, reason: 'Slow' });
    expect(await randomRefEntries(ref)).toBe(0);
  });

  it('a ref made before migration 0031 still opens its item, and takes a change', async () => {
    const ref = 'c0ffee00deadbeef';
    await answeredBefore(ref);
    expect(await randomRefEntries(ref)).toBe(1);
    expect((await item(ref)).status).toBe(200);
    expect((await patch(ref, { status: 'contacted', owner: 'Eva' })).status).toBe(200);
    expect(await (await item(ref)).json()).toMatchObject({ ref, status: 'contacted', owner: 'Eva', score: 1 });
  });

  it("a ref that ends in a row's rowid but is not its ref is 404, as is one past the last row", async () => {
    const { id, ref } = await answer({ score: 2 });
    const other = `${ref.slice(0, 8) === 'ffffffff' ? '00000000' : 'ffffffff'}${ref.slice(8)}`;
    const past = `${ref.slice(0, 8)}${((await rowOf(id))!.rowid + 1000).toString(16).padStart(8, '0')}`;
    for (const wrong of [other, past]) {
      const res = await item(wrong);
      expect(res.status).toBe(404);
      expect((await res.json<{ issues: { path: string; code: string }[] }>()).issues[0]).toMatchObject({ path: 'ref', code: 'follow_up.unknown' });
    }
  });

  it('an answer written without a ref (an import, the seed) gets one that ends in its rowid', async () => {
    const id = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO responses (id, survey, score, category, segments, locale, channel, created_at, updated_at, revision)
       VALUES (?, 'demo', 0, 'detractor', '{}', 'en', 'link', ?, ?, 0)`,
    )
      .bind(id, Date.now(), Date.now())
      .run();
    const row = (await rowOf(id))!;
    expect(row.ref).toMatch(/^[0-9a-f]{8}/);
    expect(row.ref.slice(8)).toBe(row.rowid.toString(16).padStart(8, '0'));
    expect((await item(row.ref)).status).toBe(200);
  });
});
