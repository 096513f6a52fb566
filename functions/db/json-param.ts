/** A list (or a map) bound as one JSON parameter, serialised once: the rollup's step planner sizes the very text its statement binds. */
const texts = new WeakMap<object, string>();

/** The JSON of `rows`, the same string every time for the same (unchanged) list. */
export function jsonParam(rows: object): string {
  let text = texts.get(rows);
  if (text === undefined) texts.set(rows, (text = JSON.stringify(rows)));
  return text;
}
