/**
 * How one step of the rollup is filled. A step binds each of its payloads (score deltas, ledger
 * rows …) as one JSON array, and D1 takes a bound value up to its largest value: the step takes
 * the rows read, in stream order, and their payloads are aggregated and serialised once; only when
 * one is over the limit is the step cut, in proportion, to a shorter run of rows whose payloads
 * fit. A row that can never be folded (its data does not fold, or its own payloads alone are
 * over the limit) is set aside instead, so it never holds up the rows after it. Both are decided
 * from the row alone, so every run decides the same.
 */
import { D1_LIMITS, utf8Bytes } from '../db/d1-limits';
import { jsonParam } from '../db/json-param';
import type { SetAside } from '../db/set-aside';

/** Each of a step's lists (or maps), bound as one JSON value. */
export type Payloads = Record<string, object>;

export interface StepPlan<C, P extends Payloads> {
  folded: C[];
  setAside: SetAside[];
  /** What the step binds, from its folded rows. */
  payloads: P;
  /** The stream position the step moves to: its last row, folded or set aside. */
  to: number;
}

/** How a row folds: its change; throws when its data does not fold. */
export type Fold<R, C> = (row: R) => C;

const REASON_MAX = 300;

/** Bytes of a bound JSON value; a string of n UTF-16 units is at most 3n bytes, so most are not counted. */
function bytesOf(rows: object, limit: number) {
  const text = jsonParam(rows);
  return text.length * 3 <= limit ? text.length : utf8Bytes(text);
}

type Item<C> = { change: C } | { setAside: SetAside };

/**
 * A run of `rows` (in stream order, not empty; all of them when they fit) whose payloads stay
 * within `limit` bytes each, its payloads aggregated by `payloadsOf`. Reading more rows than fit
 * costs a cut, not a wrong step.
 */
export function planStep<R extends { id: string; survey: string }, C, P extends Payloads>(
  rows: readonly R[],
  position: (row: R) => number,
  fold: Fold<R, C>,
  payloadsOf: (changes: C[]) => P,
  limit: number = D1_LIMITS.valueBytes,
): StepPlan<C, P> {
  const aside = (row: R, reason: string): SetAside => ({ id: row.id, survey: row.survey, position: position(row), reason: reason.slice(0, REASON_MAX) });
  const items = rows.map((row): Item<C> => {
    try {
      return { change: fold(row) };
    } catch (error) {
      return { setAside: aside(row, `does not fold: ${error instanceof Error ? error.message : String(error)}`) };
    }
  });
  /** The step of the first `count` rows, and the bytes of its largest payload. */
  const stepOf = (count: number) => {
    const head = items.slice(0, count);
    const folded = head.flatMap((item) => ('change' in item ? [item.change] : []));
    const setAside = head.flatMap((item) => ('setAside' in item ? [item.setAside] : []));
    const payloads = payloadsOf(folded);
    const largest = Math.max(bytesOf(setAside, limit), ...Object.values(payloads).map((entries) => bytesOf(entries, limit)));
    return { plan: { folded, setAside, payloads, to: position(rows[count - 1]!) }, largest };
  };
  // Payloads grow about in proportion to the rows: an oversized step is cut in proportion, again if need be.
  let count = items.length;
  let step = stepOf(count);
  while (step.largest > limit && count > 1) {
    count = Math.max(1, Math.min(count - 1, Math.floor((count * limit * 0.95) / step.largest)));
    step = stepOf(count);
  }
  if (step.largest <= limit) return step.plan;
  // The first row alone is over the limit (a set-aside row alone never is): it is set aside.
  const setAside = [aside(rows[0]!, `its own share of a step is ${step.largest} bytes, over D1's ${limit} per value`)];
  return { folded: [], setAside, payloads: payloadsOf([]), to: position(rows[0]!) };
}

/** A fold that sets every row aside: for the one row D1 itself refused. */
export const refuseWith =
  (reason: string): Fold<unknown, never> =>
  () => {
    throw new Error(reason);
  };
