/**
 * The scoring rule of the maturity self-test (pure). A level is met when the mean of its
 * statements' answers is at least 4 ("agree") on the 1–5 scale. The company is at the highest
 * level that is met with every level below it met too; if level 1 is not met, it is at level 0,
 * "not yet at level 1". A level met above an unmet one does not count (it is shown as met all the same).
 */
import { MATURITY_LEVELS, MEETS, statementsOf, type MaturityLevel, type MaturityResultLevel, type StatementId } from './levels';

/** Each statement's answer on the agreement scale, 1 (strongly disagree) to 5 (strongly agree). */
export type MaturityAnswers = Record<StatementId, number>;

export interface LevelScore {
  level: MaturityLevel;
  /** Mean of the level's answers, 1–5. */
  mean: number;
  met: boolean;
  /** How far from meeting it: scale points to add across the level's statements (0 when met). */
  pointsNeeded: number;
}

export interface MaturityScore {
  level: MaturityResultLevel;
  levels: LevelScore[];
}

export function scoreLevel(answers: MaturityAnswers, level: MaturityLevel): LevelScore {
  const statements = statementsOf(level);
  const sum = statements.reduce((total, s) => total + answers[s.id], 0);
  // Compared on sums, not means: no rounding at the edge (mean ≥ 4 ⇔ sum ≥ 4 × n).
  const needed = Math.max(0, MEETS * statements.length - sum);
  return { level, mean: sum / statements.length, met: needed === 0, pointsNeeded: needed };
}

export function scoreMaturity(answers: MaturityAnswers): MaturityScore {
  const levels = MATURITY_LEVELS.map((level) => scoreLevel(answers, level));
  const firstUnmet = levels.findIndex((l) => !l.met);
  const level = (firstUnmet === -1 ? MATURITY_LEVELS.length : firstUnmet) as MaturityResultLevel;
  return { level, levels };
}

/** The level a company works towards next; none above 5. */
export const nextLevel = (level: MaturityResultLevel): MaturityLevel | undefined => (level < 5 ? ((level + 1) as MaturityLevel) : undefined);

/** The median of a list of levels (the lower middle for an even count), or undefined when empty. */
export function medianLevel(counts: Partial<Record<MaturityResultLevel, number>>): MaturityResultLevel | undefined {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  if (total === 0) return undefined;
  let seen = 0;
  for (const level of [0, ...MATURITY_LEVELS] as MaturityResultLevel[]) {
    seen += counts[level] ?? 0;
    if (seen >= total / 2) return level;
  }
  return 5;
}
