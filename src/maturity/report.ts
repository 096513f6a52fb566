/**
 * /results/maturity shaped from aggregate counts (no I/O): how employees rate the company, each
 * statement's answers, departments over the privacy floor, and the customers' NPS against the
 * industry benchmark, with one sentence when the two disagree.
 */
import { INDUSTRY_BENCHMARKS, type Benchmark } from '@/data/benchmarks';
import type { Survey } from '@/schemas/survey';
import { formatNps } from '@/report/format';
import { estimateOf, histogramOf, withFloor } from '@/report/histogram';
import type { ScoreRow } from '@/report/rows';
import { AGREEMENT, MATURITY_LEVELS, STATEMENTS, type MaturityResultLevel, type StatementId } from './levels';
import { medianLevel } from './score';

/**
 * Fewer answers than this show "too few answers": for the whole page and for each department, so
 * no employee's answers can be picked out. The surveys' default privacy floor (src/schemas/survey.ts).
 */
export const MATURITY_PRIVACY_FLOOR = 5;

export const RESULT_LEVELS = [0, ...MATURITY_LEVELS] as const satisfies readonly MaturityResultLevel[];
type LevelCounts = Record<MaturityResultLevel, number>;

export interface CustomerVerdict {
  survey: string;
  nps: number;
  n: number;
  benchmark: Benchmark;
  /** Where the NPS stands against the industry's usual range. */
  position: 'below' | 'within' | 'above';
}

export interface MaturityReport {
  n: number;
  /** False under the privacy floor: nothing but n is shown. */
  shown: boolean;
  levels: LevelCounts;
  median: MaturityResultLevel | undefined;
  statements: { id: StatementId; level: number; counts: number[]; mean: number | null }[];
  departments: { label: string; n: number; levels: LevelCounts; median: MaturityResultLevel | undefined }[];
  verdict: CustomerVerdict | undefined;
  /** One sentence when the employees' self-image and the customers' verdict disagree. */
  disagreement: string | undefined;
}

const emptyLevels = (): LevelCounts => ({ 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });

function levelCounts(rows: { level: number; n: number }[]): LevelCounts {
  const counts = emptyLevels();
  for (const row of rows) if (row.level in counts) counts[row.level as MaturityResultLevel] += row.n;
  return counts;
}

export function positionOf(nps: number, benchmark: Benchmark): CustomerVerdict['position'] {
  return nps < benchmark.low ? 'below' : nps > benchmark.high ? 'above' : 'within';
}

/**
 * The customers' verdict: the company's relationship survey (rNPS, the company as a whole) with the
 * most answers in the period, over its privacy floor, against its industry's benchmark.
 */
export function customerVerdictOf(surveys: Survey[], totals: (ScoreRow & { survey: string })[]): CustomerVerdict | undefined {
  const verdicts = surveys
    .filter((survey) => survey.kind === 'relationship')
    .map((survey) => ({ survey, estimate: withFloor(estimateOf(histogramOf(totals.filter((row) => row.survey === survey.id))), survey.privacyFloor) }))
    .flatMap(({ survey, estimate }) => {
      const benchmark = INDUSTRY_BENCHMARKS[survey.industry];
      if (estimate.hidden || estimate.nps === null || !benchmark) return [];
      return [{ survey: survey.id, nps: estimate.nps, n: estimate.n, benchmark, position: positionOf(estimate.nps, benchmark) }];
    })
    .sort((a, b) => b.n - a.n);
  return verdicts[0];
}

/**
 * The rule, from the levels' own definitions (level 3: a score at least at the industry's level;
 * level 4 and up: above it): employees who put the company at level 4 or 5 (the median answer)
 * disagree with customers whose NPS is below the industry's range; employees who put it at level 2
 * or lower disagree with customers whose NPS is above that range. Anything else is no contradiction.
 */
export function disagreementOf(median: MaturityResultLevel | undefined, verdict: CustomerVerdict | undefined): string | undefined {
  if (median === undefined || !verdict) return undefined;
  const range = `${formatNps(verdict.benchmark.low)} to ${formatNps(verdict.benchmark.high)}`;
  if (median >= 4 && verdict.position === 'below') {
    return `Employees put the company at level ${median}, but customers disagree: the NPS of ${formatNps(verdict.nps)} is below the industry's usual ${range}.`;
  }
  if (median <= 2 && verdict.position === 'above') {
    return `Customers rate the company above its industry (NPS ${formatNps(verdict.nps)} against the usual ${range}), while employees put it only at level ${median}.`;
  }
  return undefined;
}

export function shapeMaturityReport(
  counts: { levels: { level: number; n: number }[]; statements: { statement: string; answer: number; n: number }[]; departments: { key: string; label: string; level: number; n: number }[] },
  verdict: CustomerVerdict | undefined,
  floor = MATURITY_PRIVACY_FLOOR,
): MaturityReport {
  const levels = levelCounts(counts.levels);
  const n = Object.values(levels).reduce((a, b) => a + b, 0);
  const shown = n >= floor;
  const statements = STATEMENTS.map((s) => {
    const answers = AGREEMENT.map((a) => counts.statements.filter((r) => r.statement === s.id && r.answer === a).reduce((t, r) => t + r.n, 0));
    const total = answers.reduce((a, b) => a + b, 0);
    const mean = total === 0 ? null : answers.reduce((sum, count, i) => sum + count * AGREEMENT[i]!, 0) / total;
    return { id: s.id, level: s.level, counts: answers, mean };
  });
  const byKey = new Map<string, { label: string; rows: { level: number; n: number }[] }>();
  for (const row of counts.departments) {
    const entry = byKey.get(row.key) ?? { label: row.label, rows: [] };
    if (row.label < entry.label) entry.label = row.label;
    entry.rows.push(row);
    byKey.set(row.key, entry);
  }
  const departments = [...byKey.values()]
    .map(({ label, rows }) => {
      const dept = levelCounts(rows);
      return { label, n: rows.reduce((a, r) => a + r.n, 0), levels: dept, median: medianLevel(dept) };
    })
    .filter((d) => d.n >= floor)
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
  const median = shown ? medianLevel(levels) : undefined;
  return { n, shown, levels, median, statements, departments: shown ? departments : [], verdict, disagreement: disagreementOf(median, verdict) };
}
