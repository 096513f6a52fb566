/** A list bound as one JSON parameter, serialised once: the rollup's step planner sizes the very text its statement binds. */
const texts = new WeakMap<readonly unknown[], string>();

/** The JSON of `rows`, the same string every time for the same (unchanged) list. */
export function jsonParam(rows: readonly unknown[]): string {
  let text = texts.get(rows);
  if (text === undefined) texts.set(rows, (text = JSON.stringify(rows)));
  return text;
}
