import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { STATEMENT_IDS } from '@/maturity/levels';
import { customerVerdictOf, disagreementOf, shapeMaturityReport, type CustomerVerdict } from '@/maturity/report';
import { departmentKey } from '@/schemas/maturity';
import { recordMaturity } from '../../functions/db/maturity';
import { loadMaturityPage } from '../../functions/pages/maturity';
import { listSurveys } from '../../functions/surveys/catalog';
import { countingD1 } from '../support/counting-d1';

const ecommerce = { label: 'E-commerce', low: 30, high: 40 };
const verdict = (nps: number, position: CustomerVerdict['position']): CustomerVerdict => ({ survey: 'demo', nps, n: 100, benchmark: ecommerce, position });
const noCounts = { levels: [], statements: [], departments: [] };

describe('when employees and customers disagree (one sentence)', () => {
  it('employees at level 4 or 5 while the NPS is below the industry range', () => {
    expect(disagreementOf(4, verdict(12, 'below'))).toBe("Employees put the company at level 4, but customers disagree: the NPS of +12 is below the industry's usual +30 to +40.");
    expect(disagreementOf(5, verdict(-5, 'below'))).toContain('level 5');
  });

  it('employees at level 2 or lower while the NPS is above the industry range', () => {
    expect(disagreementOf(2, verdict(55, 'above'))).toBe('Customers rate the company above its industry (NPS +55 against the usual +30 to +40), while employees put it only at level 2.');
    expect(disagreementOf(0, verdict(41, 'above'))).toContain('level 0');
  });

  it('says nothing when the two agree, or either is missing', () => {
    expect(disagreementOf(3, verdict(12, 'below'))).toBeUndefined();
    expect(disagreementOf(4, verdict(35, 'within'))).toBeUndefined();
    expect(disagreementOf(5, verdict(60, 'above'))).toBeUndefined();
    expect(disagreementOf(1, verdict(10, 'below'))).toBeUndefined();
    expect(disagreementOf(undefined, verdict(12, 'below'))).toBeUndefined();
    expect(disagreementOf(4, undefined)).toBeUndefined();
  });
});

describe('the customers’ verdict', () => {
  it('is the relationship survey’s NPS against its industry, never a transactional survey’s', () => {
    const totals = [
      { survey: 'demo', score: 10, answers: 8 },
      { survey: 'demo', score: 0, answers: 2 },
      { survey: 'support', score: 0, answers: 500 },
    ];
    expect(customerVerdictOf(listSurveys(), totals)).toMatchObject({ survey: 'demo', nps: 60, n: 10, position: 'above', benchmark: { low: 30, high: 40 } });
  });

  it('is missing under the survey’s privacy floor', () => {
    expect(customerVerdictOf(listSurveys(), [{ survey: 'demo', score: 10, answers: 4 }])).toBeUndefined();
  });
});

describe('the report', () => {
  it('shows nothing but n under the privacy floor of 5', () => {
    const report = shapeMaturityReport({ ...noCounts, levels: [{ level: 4, n: 4 }] }, verdict(12, 'below'));
    expect(report).toMatchObject({ n: 4, shown: false, median: undefined, departments: [], disagreement: undefined });
  });

  it('counts levels, each statement’s answers and mean, and departments over the floor', () => {
    const report = shapeMaturityReport(
      {
        levels: [{ level: 4, n: 3 }, { level: 5, n: 2 }, { level: 1, n: 1 }],
        statements: [{ statement: 'complaints', answer: 5, n: 4 }, { statement: 'complaints', answer: 2, n: 2 }],
        departments: [
          { key: 'support', label: 'support', level: 4, n: 3 },
          { key: 'support', label: 'Support', level: 5, n: 2 },
          { key: 'sales', label: 'Sales', level: 1, n: 1 },
        ],
      },
      verdict(12, 'below'),
    );
    expect(report).toMatchObject({ n: 6, shown: true, median: 4, levels: { 0: 0, 1: 1, 2: 0, 3: 0, 4: 3, 5: 2 } });
    expect(report.statements[0]).toEqual({ id: 'complaints', level: 1, counts: [0, 2, 0, 0, 4], mean: 4 });
    expect(report.statements[1]).toMatchObject({ id: 'talk', mean: null });
    expect(report.departments).toEqual([{ label: 'Support', n: 5, levels: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 3, 5: 2 }, median: 4 }]);
    expect(report.disagreement).toContain('Employees put the company at level 4');
  });
});

describe('/results/maturity reads D1', () => {
  beforeEach(async () => {
    await env.DB.prepare('DELETE FROM maturity_answers').run();
  });

  const answers = (value: number) => Object.fromEntries(STATEMENT_IDS.map((id) => [id, value])) as Record<(typeof STATEMENT_IDS)[number], number>;

  it('groups departments case-folded, leaves out those under 5 answers, in five queries', async () => {
    const typed = ['Support', ' support', 'SUPPORT', 'Support', 'support', 'Sales', 'Sales', '<b>Ops</b>'];
    for (const [i, department] of typed.entries()) {
      const label = department.trim();
      await recordMaturity(env.DB, { locale: 'en', level: i < 3 ? 5 : 2, answers: answers(i < 3 ? 5 : 2), department: { label, key: departmentKey(label) } });
    }
    await recordMaturity(env.DB, { locale: 'sv', level: 0, answers: answers(1) });
    const db = countingD1(env.DB);
    const data = await loadMaturityPage(db.binding);
    if (data instanceof Response) throw new Error(`loader answered ${data.status}`);
    expect(db.queries).toBe(5);
    expect(data.report).toMatchObject({ n: 9, shown: true, median: 2, levels: { 0: 1, 2: 5, 5: 3 } });
    expect(data.report.departments).toEqual([{ label: 'SUPPORT', n: 5, levels: { 0: 0, 1: 0, 2: 2, 3: 0, 4: 0, 5: 3 }, median: 5 }]);
    expect(data.report.statements.find((s) => s.id === 'decisions')).toMatchObject({ counts: [1, 5, 0, 0, 3] });
  });
});
