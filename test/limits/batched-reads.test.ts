import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { batchedReads } from '../../functions/db/batched-reads';
import { countingD1 } from '../support/counting-d1';

// A loader's reads started together reach D1 as one batch, and each read gets what it would alone.
describe('batchedReads', () => {
  const statements = (db: D1Database) => ({
    all: db.prepare(`SELECT value AS n FROM json_each(?1) ORDER BY value`).bind('[3,1,2]'),
    first: db.prepare(`SELECT 7 AS a, 'x' AS b`),
    none: db.prepare(`SELECT 1 AS a WHERE 0`),
  });

  it('answers reads started together as D1 does alone, in one round trip', async () => {
    const alone = statements(env.DB);
    const expected = await Promise.all([alone.all.all(), alone.first.first(), alone.first.first('b'), alone.none.first(), alone.none.first('a')]);
    const counted = countingD1(env.DB);
    const batched = statements(batchedReads(counted.binding));
    const got = await Promise.all([batched.all.all(), batched.first.first(), batched.first.first('b'), batched.none.first(), batched.none.first('a')]);
    expect(got[0].results).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(got[0].results).toEqual(expected[0].results);
    expect(got.slice(1)).toEqual([{ a: 7, b: 'x' }, 'x', null, null]);
    expect(got.slice(1)).toEqual(expected.slice(1));
    expect(counted.queries).toBe(5);
    expect(counted.roundTrips).toBe(1);
  });

  it('sends a read started after another has been answered in a round trip of its own', async () => {
    const counted = countingD1(env.DB);
    const db = batchedReads(counted.binding);
    expect(await db.prepare(`SELECT 1 AS a`).first('a')).toBe(1);
    expect(await db.prepare(`SELECT 2 AS a`).first('a')).toBe(2);
    expect(counted.roundTrips).toBe(2);
  });

  it('fails every read of a batch with a failing statement, and the next batch still runs', async () => {
    const db = batchedReads(env.DB);
    const reads = [db.prepare(`SELECT 1 AS a`).first('a'), db.prepare(`SELECT * FROM no_such_table`).all()];
    const settled = await Promise.allSettled(reads);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
    await expect(db.prepare(`SELECT 2 AS a`).first('a')).resolves.toBe(2);
    await expect(db.prepare(`SELECT 1 AS a`).first('missing')).rejects.toThrow(/missing/);
  });

  it('runs writes and batches as they are', async () => {
    const db = batchedReads(env.DB);
    await db.prepare(`CREATE TABLE IF NOT EXISTS batched_reads_test (n INTEGER)`).run();
    const [, count] = await db.batch([db.prepare(`INSERT INTO batched_reads_test (n) VALUES (?1)`).bind(5), db.prepare(`SELECT count(*) AS n FROM batched_reads_test WHERE n = 5`)]);
    expect(count!.results).toEqual([{ n: 1 }]);
  });
});
