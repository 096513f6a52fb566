import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { admin, postJson, request, uniqueName } from '../support/api';
import { randomToken } from '../../functions/db/ids';
import { countingD1 } from '../support/counting-d1';
import { categorise } from '@/nps/category';
import { NEXT_REVISION } from '../../functions/db/responses';

const DAY = 86_400_000;

/** A contact who answered `survey` with `score` at `answeredAt` (ms), written as an invitation answer would be. */
async function answered(score: number, answeredAt: number, { survey = 'demo', email }: { survey?: string; email?: string } = {}) {
  const externalId = uniqueName('crm');
  const contact = randomToken();
  const invitation = randomToken();
  const revision = (await env.DB.prepare(`SELECT ${NEXT_REVISION} AS r`).first<{ r: number }>())!.r;
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO contacts (id, contact_key, external_id, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`).bind(
      contact, `ext:${externalId}`, externalId, email ?? null, answeredAt, answeredAt,
    ),
    env.DB.prepare(`INSERT INTO invitations (id, survey, contact_id, locale, created_at) VALUES (?, ?, ?, 'en', ?)`).bind(invitation, survey, contact, answeredAt - DAY),
    env.DB.prepare(
      `INSERT INTO responses (id, survey, score, category, locale, channel, invitation_id, contact_id, created_at, updated_at, revision)
       VALUES (?, ?, ?, ?, 'en', 'invitation', ?, ?, ?, ?, ?)`,
    ).bind(randomToken(), survey, score, categorise(score), invitation, contact, answeredAt, answeredAt, revision),
  ]);
  return externalId;
}

const report = (query: string) => request(`/api/reports/loyalty?${query}`, { headers: admin });
const outcomes = (list: unknown[]) => postJson('/api/contacts/outcomes', { outcomes: list }, admin);
const storedOutcomes = async () => (await env.DB.prepare('SELECT count(*) AS n FROM outcomes').first<{ n: number }>())!.n;

describe('POST /api/contacts/outcomes', () => {
  it('stores each outcome once per contact, type and day, however often the CRM sends it', async () => {
    const contact = await answered(9, Date.parse('2025-02-01T10:00:00Z'));
    const before = await storedOutcomes();
    const batch = [
      { contact, at: '2025-05-01T09:00:00Z', type: 'revenue', amount: 100, currency: 'EUR' },
      { contact, at: '2025-05-01', type: 'renewed' },
    ];
    const first = await outcomes(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ recorded: 2, unknown: [] });
    // The same report again, and a correction later the same day: still one revenue row, with the new amount.
    await outcomes(batch);
    await outcomes([{ contact, at: '2025-05-01T17:00:00Z', type: 'revenue', amount: 120, currency: 'EUR' }]);
    expect(await storedOutcomes()).toBe(before + 2);
    const revenue = await env.DB.prepare(`SELECT amount FROM outcomes WHERE type = 'revenue' AND day = '2025-05-01' AND contact_id = (SELECT id FROM contacts WHERE external_id = ?)`)
      .bind(contact)
      .first<{ amount: number }>();
    expect(revenue!.amount).toBe(120);
  });

  it('finds a contact by e-mail as well as by the CRM id, and lists unknown contacts by position while keeping the rest', async () => {
    const email = `${uniqueName('anna')}@example.com`;
    await answered(3, Date.parse('2025-02-01T10:00:00Z'), { email });
    const before = await storedOutcomes();
    const res = await outcomes([
      { contact: 'nobody-we-know', at: '2025-04-01', type: 'churned' },
      { contact: email.toUpperCase(), at: '2025-04-02', type: 'churned' },
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ recorded: 1, unknown: [{ path: 'outcomes.0.contact', contact: 'nobody-we-know' }] });
    expect(await storedOutcomes()).toBe(before + 1);
  });

  it('refuses a bad outcome with a 400 naming the field, and stores nothing of the call', async () => {
    const contact = await answered(9, Date.parse('2025-02-01T10:00:00Z'));
    const before = await storedOutcomes();
    const cases: [unknown, string][] = [
      [{ contact, at: '2025-05-01', type: 'lost' }, 'outcomes.1.type'],
      [{ contact, at: 'last tuesday', type: 'churned' }, 'outcomes.1.at'],
      [{ contact, at: new Date(Date.now() + 2 * DAY).toISOString(), type: 'churned' }, 'outcomes.1.at'],
      [{ contact, at: '2025-05-01', type: 'revenue' }, 'outcomes.1.amount'],
      [{ contact, at: '2025-05-01', type: 'churned', amount: 5 }, 'outcomes.1.amount'],
      [{ contact, at: '2025-05-01', type: 'revenue', amount: 5, currency: 'euro' }, 'outcomes.1.currency'],
      [{ contact: 'a\u0000b', at: '2025-05-01', type: 'churned' }, 'outcomes.1.contact'],
      [{ contact, at: '2025-05-01', type: 'churned', why: 'x' }, 'outcomes.1.why'],
    ];
    for (const [bad, path] of cases) {
      const res = await outcomes([{ contact, at: '2025-05-02', type: 'renewed' }, bad]);
      expect(res.status, path).toBe(400);
      expect((await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path), path).toContain(path);
    }
    const tooMany = await outcomes(Array.from({ length: 1001 }, () => ({ contact, at: '2025-05-01', type: 'renewed' })));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json<{ issues: { path: string }[] }>()).issues[0]!.path).toBe('outcomes');
    expect(await storedOutcomes()).toBe(before);
  });

  it('writes 1,000 outcomes in two statements', async () => {
    const contact = await answered(9, Date.parse('2025-02-01T10:00:00Z'));
    const start = Date.parse('2022-01-01T00:00:00Z');
    const d1 = countingD1(env.DB);
    const res = await postJson('/api/contacts/outcomes', { outcomes: Array.from({ length: 1000 }, (_, i) => ({ contact, at: new Date(start + i * DAY).toISOString(), type: 'renewed' })) }, admin, { DB: d1.binding });
    expect(await res.json()).toEqual({ recorded: 1000, unknown: [] });
    expect(d1.queries).toBe(2);
  });

  it('is closed without the admin token', async () => {
    const res = await postJson('/api/contacts/outcomes', { outcomes: [] }, { authorization: 'Bearer forged' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/reports/loyalty', () => {
  it('gives churn by category with Wilson intervals, revenue per contact and the gap, from hand-made outcomes', async () => {
    const answeredAt = Date.parse('2024-03-10T12:00:00Z');
    const promoters = [];
    for (let i = 0; i < 4; i++) promoters.push(await answered(9 + (i % 2), answeredAt));
    const passives = [await answered(7, answeredAt), await answered(8, answeredAt)];
    const detractors = [];
    for (let i = 0; i < 5; i++) detractors.push(await answered(i, answeredAt));
    // Outside the cohort's period: never counted.
    const later = await answered(0, Date.parse('2024-03-11T12:00:00Z'));
    const res = await outcomes([
      { contact: promoters[0], at: '2024-09-01', type: 'churned' },
      { contact: detractors[0], at: '2024-04-01', type: 'churned' },
      { contact: detractors[1], at: '2024-12-24', type: 'churned' },
      { contact: detractors[2], at: '2025-03-10T11:00:00Z', type: 'churned' },
      // 12 months and a day after the answer: outside the window.
      { contact: detractors[3], at: '2025-03-11', type: 'churned' },
      // Before the answer: not an outcome of it.
      { contact: detractors[4], at: '2024-03-01', type: 'churned' },
      { contact: later, at: '2024-04-01', type: 'churned' },
      { contact: promoters[1], at: '2024-06-01', type: 'revenue', amount: 300, currency: 'EUR' },
      { contact: promoters[2], at: '2024-07-01', type: 'revenue', amount: 100, currency: 'EUR' },
      { contact: detractors[3], at: '2024-07-01', type: 'revenue', amount: 50, currency: 'EUR' },
      { contact: passives[0], at: '2024-07-01', type: 'revenue', amount: 10, currency: 'SEK' },
    ]);
    expect(await res.json()).toMatchObject({ recorded: 11 });

    const d1 = countingD1(env.DB);
    const reply = await request('/api/reports/loyalty?survey=demo&months=12&from=2024-03-10&to=2024-03-10', { headers: admin }, { DB: d1.binding });
    expect(d1.queries).toBe(2);
    expect(reply.status).toBe(200);
    const body = await reply.json<any>();
    expect(body).toMatchObject({ survey: 'demo', months: 12, from: '2024-03-10', to: '2024-03-10', contacts: 11 });
    const [detractor, passive, promoter] = body.churn;
    expect(detractor).toMatchObject({ category: 'detractor', contacts: 5, churned: 3, churnRate: 0.6 });
    expect(passive).toMatchObject({ category: 'passive', contacts: 2, churned: 0, churnRate: 0 });
    expect(promoter).toMatchObject({ category: 'promoter', contacts: 4, churned: 1, churnRate: 0.25 });
    // Wilson 95%: 3/5 → 0.2307–0.8824, 1/4 → 0.0456–0.6994 (computed by hand from Wilson 1927).
    expect(detractor.interval[0]).toBeCloseTo(0.2307, 4);
    expect(detractor.interval[1]).toBeCloseTo(0.8824, 4);
    expect(promoter.interval[0]).toBeCloseTo(0.0456, 4);
    expect(promoter.interval[1]).toBeCloseTo(0.6994, 4);
    // 0.60 − 0.25, pooled z = 1.05: not significant with so few contacts.
    expect(body.churnGap.difference).toBeCloseTo(0.35, 10);
    expect(body.churnGap.z).toBeCloseTo(1.05, 2);
    expect(body.churnGap.significant).toBe(false);
    const eur = body.revenue.find((r: any) => r.currency === 'EUR');
    expect(eur.categories.find((c: any) => c.category === 'promoter')).toMatchObject({ contacts: 4, reporting: 2, total: 400, perContact: 100 });
    expect(eur.categories.find((c: any) => c.category === 'detractor')).toMatchObject({ contacts: 5, reporting: 1, total: 50, perContact: 10 });
    expect(eur.gap).toBe(90);
    expect(body.revenue.map((r: any) => r.currency)).toEqual(['EUR', 'SEK']);
  });

  it('calls a large gap significant', async () => {
    const answeredAt = Date.parse('2023-06-15T08:00:00Z');
    const churn = [];
    for (let i = 0; i < 20; i++) {
      const promoter = await answered(10, answeredAt, { survey: 'demo' });
      const detractor = await answered(2, answeredAt, { survey: 'demo' });
      if (i < 2) churn.push({ contact: promoter, at: '2023-09-01', type: 'churned' });
      if (i < 12) churn.push({ contact: detractor, at: '2023-09-01', type: 'churned' });
    }
    await outcomes(churn);
    const body = await (await report('survey=demo&months=6&from=2023-06-15&to=2023-06-15')).json<any>();
    // 12/20 against 2/20: pooled p = 0.35, z = 0.5 / √(0.35 × 0.65 × 0.1) = 3.31.
    expect(body.churnGap.z).toBeCloseTo(3.31, 2);
    expect(body.churnGap.significant).toBe(true);
    expect(body.revenue).toEqual([]);
  });

  it('defaults to the twelve months of answers that have been followed for the whole window', async () => {
    const body = await (await report('months=6')).json<any>();
    const end = new Date();
    end.setUTCMonth(end.getUTCMonth() - 6);
    end.setUTCDate(end.getUTCDate() - 1);
    expect(body.to).toBe(end.toISOString().slice(0, 10));
    expect(body.survey).toBeNull();
    expect(body.churn.map((c: any) => c.category)).toEqual(['detractor', 'passive', 'promoter']);
  });

  it('refuses a bad query naming the parameter, and an unknown survey with a 404', async () => {
    for (const [query, path] of [['months=0', 'months'], ['months=1.5', 'months'], ['from=2024-13-01', 'from'], ['from=2024-05-01&to=2024-01-01', 'from'], ['region=x', 'region']]) {
      const res = await report(query!);
      expect(res.status, query).toBe(400);
      expect((await res.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path).join(' '), query).toContain(path);
    }
    expect((await report('survey=nope')).status).toBe(404);
    expect((await request('/api/reports/loyalty')).status).toBe(401);
  });
});
