/** A function whose results are kept by key, for work asked again and again of the same few values; at most `max` are kept (all dropped when full). */
export function cached<K, V>(compute: (key: K) => V, max = 10_000) {
  const known = new Map<K, V>();
  return (key: K) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= max) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
