import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { installMeter } from '../../bench/d1-meter.mjs';

// bench/cpu prints rows read per page and rows written per answer from this meter: it must add up
// exactly what D1 reports for each statement, count a batch once per statement, and leave the
// binding's answers as they were.
describe('bench/d1-meter', () => {
  let meter: ReturnType<typeof installMeter> | undefined;
  afterEach(() => meter?.uninstall());
  const table = `meter_${crypto.randomUUID().replaceAll('-', '')}`;

  it('sums rows_read and rows_written as D1 reports them, a batch statement by statement', async () => {
    await env.DB.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX ${table}_v ON ${table} (v)`);
    const insert = (v: string) => env.DB.prepare(`INSERT INTO ${table} (v) VALUES (?)`).bind(v);
    // Unmetered: what D1 itself says the same statements cost.
    const expected = await env.DB.batch([insert('a'), insert('b'), insert('c')]);
    const select = await env.DB.prepare(`SELECT * FROM ${table} WHERE v >= ?`).bind('a').all();
    const written = expected.reduce((sum, r) => sum + r.meta.rows_written, 0);
    expect(written).toBeGreaterThanOrEqual(3);
    expect(select.meta.rows_read).toBeGreaterThanOrEqual(3);

    meter = installMeter(env.DB);
    await env.DB.batch([insert('d'), insert('e'), insert('f')]);
    expect(meter.totals).toEqual({ queries: 3, rowsRead: expected.reduce((sum, r) => sum + r.meta.rows_read, 0), rowsWritten: written });
    // One round trip for the batch.
    expect(meter.calls).toBe(1);
    // Statement by statement, as bench/cpu prints an answer's.
    expect(meter.written).toEqual(expected.map((r) => r.meta.rows_written));
    meter.reset();
    const again = await env.DB.prepare(`SELECT * FROM ${table} WHERE v >= ?`).bind('a').all();
    expect(again.results).toHaveLength(6);
    expect(meter.totals.queries).toBe(1);
    expect(meter.totals.rowsRead).toBe(again.meta.rows_read);
    expect(meter.totals.rowsRead).toBeGreaterThan(select.meta.rows_read);
  });

  it('answers first() and raw() as D1 does, and counts them', async () => {
    meter = installMeter(env.DB);
    const row = await env.DB.prepare('SELECT 1 AS one, 2 AS two').first();
    const one = await env.DB.prepare('SELECT 1 AS one, 2 AS two').first('two');
    const none = await env.DB.prepare('SELECT 1 AS one WHERE 0').first();
    const raw = await env.DB.prepare('SELECT 1 AS one, 2 AS two').raw({ columnNames: true });
    meter.uninstall();
    expect({ row, one, none, raw }).toEqual({
      row: await env.DB.prepare('SELECT 1 AS one, 2 AS two').first(),
      one: await env.DB.prepare('SELECT 1 AS one, 2 AS two').first('two'),
      none: await env.DB.prepare('SELECT 1 AS one WHERE 0').first(),
      raw: await env.DB.prepare('SELECT 1 AS one, 2 AS two').raw({ columnNames: true }),
    });
    expect(meter.totals.queries).toBe(4);
    expect(meter.calls).toBe(4);
  });

  it('counts nothing once uninstalled', async () => {
    meter = installMeter(env.DB);
    meter.uninstall();
    await env.DB.prepare('SELECT 1').all();
    expect(meter.totals.queries).toBe(0);
  });
});
