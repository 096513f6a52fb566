/**
 * How one step of the rollup is filled. A step binds each of its payloads (score deltas, ledger
 * rows …) as one JSON array, and D1 takes a bound value up to its largest value: rows are taken
 * in stream order while every payload fits. A row that can never be folded (its data does not
 * fold, or its own share alone is over the limit) is set aside instead, so it never holds up the
 * rows after it. Both are decided from the row alone, so every run decides the same.
 */
import { D1_LIMITS, utf8Bytes } from '../db/d1-limits';
import type { SetAside } from '../db/set-aside';

export interface StepPlan<C> {
  folded: C[];
  setAside: SetAside[];
  /** The stream position the step moves to: its last row, folded or set aside. */
  to: number;
}

/** What one row adds to each payload of a step: the entries of each bound JSON array. */
export type Share = Record<string, readonly unknown[]>;

/** How a row folds: its change and its share of the step; throws when its data does not fold. */
export type Fold<R, C> = (row: R) => { change: C; share: Share };

const REASON_MAX = 300;
// An array's JSON is its entries, a comma after each but the last, and two brackets.
const EMPTY_ARRAY_BYTES = 2;

function bytesOf(entries: readonly unknown[]) {
  return entries.reduce<number>((sum, entry) => sum + utf8Bytes(JSON.stringify(entry)) + 1, 0);
}

type Sized<C> = { sizes: [string, number][] } & ({ change: C } | { setAside: SetAside });

/** A row as it goes into a step: folded if it folds and fits a step alone, else set aside. */
function sizeUp<R extends { id: string; survey: string }, C>(row: R, position: number, fold: Fold<R, C>, limit: number): Sized<C> {
  const aside = (reason: string) => {
    const setAside = { id: row.id, survey: row.survey, position, reason: reason.slice(0, REASON_MAX) };
    return { setAside, sizes: [['setAside', bytesOf([setAside])]] as [string, number][] };
  };
  let folded;
  try {
    folded = fold(row);
  } catch (error) {
    return aside(`does not fold: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sizes = Object.entries(folded.share).map(([name, entries]): [string, number] => [name, bytesOf(entries)]);
  const largest = Math.max(0, ...sizes.map(([, bytes]) => bytes));
  if (EMPTY_ARRAY_BYTES + largest > limit) return aside(`its own share of a step is ${largest} bytes, over D1's ${limit} per value`);
  return { change: folded.change, sizes };
}

/**
 * The longest run of `rows` (in stream order, not empty) whose payloads stay within `limit` bytes
 * each. Aggregating rows into deltas only merges entries, so the sum of each row's own share is
 * an upper bound of what the step binds.
 */
export function planStep<R extends { id: string; survey: string }, C>(
  rows: readonly R[],
  position: (row: R) => number,
  fold: Fold<R, C>,
  limit: number = D1_LIMITS.valueBytes,
): StepPlan<C> {
  const used = new Map<string, number>();
  const fits = (sizes: [string, number][]) => sizes.every(([name, bytes]) => (used.get(name) ?? EMPTY_ARRAY_BYTES) + bytes <= limit);
  const plan: StepPlan<C> = { folded: [], setAside: [], to: 0 };
  for (const row of rows) {
    const sized = sizeUp(row, position(row), fold, limit);
    // The first row always goes in (it fits alone, or is set aside), so every step moves on.
    const first = plan.folded.length + plan.setAside.length === 0;
    if (!first && !fits(sized.sizes)) break;
    for (const [name, bytes] of sized.sizes) used.set(name, (used.get(name) ?? EMPTY_ARRAY_BYTES) + bytes);
    if ('change' in sized) plan.folded.push(sized.change);
    else plan.setAside.push(sized.setAside);
    plan.to = position(row);
  }
  return plan;
}

/** A fold that sets every row aside: for the one row D1 itself refused. */
export const refuseWith =
  (reason: string): Fold<unknown, never> =>
  () => {
    throw new Error(reason);
  };
