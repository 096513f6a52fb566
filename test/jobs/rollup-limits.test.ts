import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { foldNewRows } from '../../functions/jobs/rollup';
import { D1_LIMITS } from '../../functions/db/d1-limits';
import { rollupStatus } from '../../functions/db/rollups';
import { NEXT_REVISION } from '../../functions/db/responses';
import { SEGMENT_VALUE_MAX } from '@/schemas/response';
import { formatSetAside } from '@/report/format';
import { pathKey } from '@/report/segments';
import { admin, postJson, request, uniqueName } from '../support/api';
import { recordingD1 } from '../support/recording-d1';
import { daysAgreeWithScan, fullScan, rollups, setAsideRows } from '../support/rollup-oracle';

// Segment values at the schema's maximum length (UTF-16 units), each unique, of 3-byte CJK and
// Hangul and 4-byte emoji: the most bytes a value can take in every dimension.
const cjk = (i: number) => String.fromCodePoint(0x4e00 + i) + '語'.repeat(SEGMENT_VALUE_MAX - 1);
const emoji = (i: number) => String.fromCodePoint(0x1f300 + (i % 512), 0x1f300 + Math.floor(i / 512)) + '🎉'.repeat(SEGMENT_VALUE_MAX / 2 - 2);
const hangul = (i: number) => String.fromCodePoint(0xac00 + i) + '한'.repeat(SEGMENT_VALUE_MAX - 1);
const widest = (i: number) => ({ department: cjk(i), function: emoji(i), person: hangul(i) });

async function answerAll(count: number, segments: (i: number) => Record<string, string>) {
  for (let i = 0; i < count; i += 25) {
    const statuses = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, async (_, k) => (await postJson('/api/surveys/demo/responses', { score: (i + k) % 11, reason: 'Parcel late', segments: segments(i + k) })).status),
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
  }
}

/** A response written straight into D1, as an import or an older version of the product could have. */
async function insertRaw(segments: string, at = Date.now()) {
  const id = `raw${crypto.randomUUID().replaceAll('-', '').slice(0, 19)}`;
  await env.DB.prepare(
    `INSERT INTO responses (id, survey, score, category, segments, locale, channel, created_at, updated_at, revision)
     VALUES (?1, 'demo', 9, 'promoter', ?2, 'en', 'link', ?3, ?3,
             ${NEXT_REVISION})`,
  ).bind(id, segments, at).run();
  return id;
}

const counted = async (department: string) =>
  (await env.DB.prepare(`SELECT coalesce(sum(answers), 0) AS n FROM rollup_days WHERE survey = 'demo' AND segment_path = ?`).bind(pathKey([department])).first<{ n: number }>())!.n;

describe('the rollup within D1 limits', { timeout: 120_000 }, () => {
  it('folds 1,000 answers and 500 invitations with the widest segment values in one run (paid plan), every statement within D1 limits, equal to a full scan', async () => {
    expect(Object.values(widest(999)).map((v) => v.length)).toEqual([SEGMENT_VALUE_MAX, SEGMENT_VALUE_MAX, SEGMENT_VALUE_MAX]);
    await answerAll(1000, widest);
    const recipients = Array.from({ length: 500 }, (_, i) => ({ externalId: `wide-${i}`, segments: widest(2000 + i) }));
    expect((await postJson('/api/invitations', { survey: 'demo', recipients }, admin)).status).toBe(201);

    const d1 = recordingD1(env.DB);
    // One run of the paid plan's 1,000 queries per invocation; the free plan's 50 take several (below).
    expect(await foldNewRows(d1.db, { maxQueries: 1000 })).toMatchObject({ responses: 1000, invitations: 500, setAside: [], caughtUp: true });
    expect(Math.max(...d1.sent.map((s) => s.largestValue))).toBeLessThanOrEqual(D1_LIMITS.valueBytes);
    expect(Math.max(...d1.sent.map((s) => s.sqlBytes))).toBeLessThanOrEqual(D1_LIMITS.statementBytes);
    expect(Math.max(...d1.sent.map((s) => s.parameters))).toBeLessThanOrEqual(D1_LIMITS.boundParameters);
    // Near the limit, not far under it: the steps are sized by bytes, not by a guess.
    expect(Math.max(...d1.sent.map((s) => s.largestValue))).toBeGreaterThan(D1_LIMITS.valueBytes / 2);
    expect(await rollups()).toEqual(await fullScan());
    await daysAgreeWithScan();
    const invited = await env.DB.prepare(`SELECT sum(invitations) AS n FROM rollup_invitations WHERE survey = 'demo' AND level = 3`).first<{ n: number }>();
    expect(invited!.n).toBe(500);
  });

  it('on the free plan, runs of at most 50 queries fold the widest answers one after another, equal to a full scan', async () => {
    await answerAll(1000, (i) => widest(5000 + i));
    const runs: number[] = [];
    let report;
    do {
      const d1 = recordingD1(env.DB);
      report = await foldNewRows(d1.db);
      runs.push(d1.sent.length);
      expect(Math.max(...d1.sent.map((s) => s.largestValue))).toBeLessThanOrEqual(D1_LIMITS.valueBytes);
    } while (!report.caughtUp && runs.length < 20);
    expect(report.caughtUp).toBe(true);
    expect(runs.length).toBeGreaterThan(1);
    expect(Math.max(...runs)).toBeLessThanOrEqual(50);
    expect(await rollups()).toEqual(await fullScan());
  });
});

describe('a row that can never be folded is set aside, and the rows after it are not held up', () => {
  it('a response whose data does not fold', async () => {
    const before = uniqueName('Before');
    await answerAll(1, () => ({ department: before }));
    // Valid JSON, so D1 took it, but not segments.
    const broken = await insertRaw('null');
    const after = uniqueName('After');
    await answerAll(1, () => ({ department: after }));

    const report = await foldNewRows(env.DB);
    expect(report).toMatchObject({ responses: 2, caughtUp: true });
    expect(report.setAside).toEqual([{ stream: 'responses', id: broken, survey: 'demo', position: expect.any(Number), reason: expect.stringContaining('does not fold') }]);
    expect([await counted(before), await counted(after)]).toEqual([1, 1]);
    expect(await setAsideRows()).toEqual([expect.objectContaining({ stream: 'responses', row_id: broken, reason: report.setAside[0]!.reason })]);
    // The next run does not try it again, and the figures equal a full scan of everything else.
    expect(await foldNewRows(env.DB)).toMatchObject({ responses: 0, setAside: [], caughtUp: true });
    expect(await rollups()).toEqual(await fullScan());
  });

  it('a response whose own keys are over D1 limits', async () => {
    // 300 KB per value (a row of 900 KB, which D1 stores): its person path alone is over 1 MB.
    const huge = (c: string) => c.repeat(100_000);
    const broken = await insertRaw(JSON.stringify({ department: huge('部'), function: huge('門'), person: huge('人') }));
    const after = uniqueName('AfterHuge');
    await answerAll(1, () => ({ department: after }));
    const d1 = recordingD1(env.DB);
    const report = await foldNewRows(d1.db);
    expect(report.setAside).toEqual([expect.objectContaining({ id: broken, reason: expect.stringContaining('over D1') })]);
    expect(await counted(after)).toBe(1);
    expect(Math.max(...d1.sent.map((s) => s.largestValue))).toBeLessThanOrEqual(D1_LIMITS.valueBytes);
  });

  it('a row D1 itself refuses: the step is halved until that row is alone, and only it is set aside', async () => {
    // A D1 stricter than the published limits, as if they changed: 20 KB per value.
    const strict = recordingD1(env.DB, { ...D1_LIMITS, valueBytes: 20_000 });
    const wide = await insertRaw(JSON.stringify({ department: 'x'.repeat(8_000), function: 'y'.repeat(8_000) }));
    const department = uniqueName('Strict');
    await answerAll(40, () => ({ department }));
    const report = await foldNewRows(strict.db, { maxQueries: 1000 });
    expect(report).toMatchObject({ responses: 40, caughtUp: true });
    expect(report.setAside).toEqual([expect.objectContaining({ id: wide, reason: expect.stringContaining('SQLITE_TOOBIG') })]);
    expect(await counted(department)).toBe(40);
    expect(await rollups()).toEqual(await fullScan());
  });

  it('a D1 failure that may pass (a lost connection) sets nothing aside, and the next run folds the rows', async () => {
    const department = uniqueName('Transient');
    await answerAll(3, () => ({ department }));
    const flaky = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') return () => Promise.reject(new Error('D1_ERROR: Network connection lost.'));
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const aside = await setAsideRows();
    await expect(foldNewRows(flaky)).rejects.toThrow('Network connection lost');
    expect(await setAsideRows()).toEqual(aside);
    expect(await foldNewRows(env.DB)).toMatchObject({ responses: 3, setAside: [], caughtUp: true });
    expect(await counted(department)).toBe(3);
  });

  it('a set-aside response that changes is tried again, and leaves the table once it folds', async () => {
    const broken = await insertRaw('null');
    await foldNewRows(env.DB);
    expect((await setAsideRows()).map((r) => r.row_id)).toContain(broken);
    // Someone repairs it; its follow-up moves it on, so the next run tries it again.
    const repaired = uniqueName('Repaired');
    await env.DB.prepare('UPDATE responses SET segments = json_object(\'department\', ?2) WHERE id = ?1').bind(broken, repaired).run();
    const res = await request(`/api/surveys/demo/responses/${broken}`, { method: 'PATCH', body: JSON.stringify({ followUp: 'ok' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await foldNewRows(env.DB)).toMatchObject({ responses: 1, setAside: [] });
    expect((await setAsideRows()).map((r) => r.row_id)).not.toContain(broken);
    expect(await counted(repaired)).toBe(1);
  });

  it('the results pages’ status line counts what is set aside', async () => {
    await insertRaw('null');
    await insertRaw('null');
    await foldNewRows(env.DB);
    const status = await rollupStatus(env.DB);
    const rows = await setAsideRows();
    expect(status.setAside).toEqual({ responses: rows.length, invitations: 0 });
    expect(status.setAside.responses).toBeGreaterThan(1);
    expect(formatSetAside(status.setAside)).toBe(`${rows.length} answers set aside, not counted (see the rollup log)`);
    expect(formatSetAside({ responses: 1, invitations: 1 })).toBe('1 answer and 1 invitation set aside, not counted (see the rollup log)');
    expect(formatSetAside({ responses: 0, invitations: 0 })).toBe('');
  });
});
