/**
 * D1's published limits (developers.cloudflare.com/d1/platform/limits/), which the local
 * emulation does not enforce: every statement the rollup builds is sized against these.
 */
export const D1_LIMITS = {
  /** Largest string, BLOB or table row, in bytes: also each bound parameter. */
  valueBytes: 1_000_000,
  /** Longest SQL statement, in bytes. */
  statementBytes: 100_000,
  /** Bound parameters in one statement. */
  boundParameters: 100,
} as const;

/**
 * Bytes of a string as D1 stores it (UTF-8, a lone surrogate as U+FFFD like TextEncoder), counted
 * without encoding it: the rollup sizes every entry of every step with it.
 */
export function utf8Bytes(text: string) {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: two UTF-16 units, four bytes
      i += 1;
    } else bytes += 2; // the rest of the BMP, and a lone surrogate (U+FFFD): three bytes
  }
  return bytes;
}

/** D1's error when a value, row or statement is over its limits (SQLite's SQLITE_TOOBIG). */
export const isOverLimit = (error: unknown) => error instanceof Error && /SQLITE_TOOBIG/.test(error.message);

/**
 * `entries` in runs whose JSON array is at most `bytes` long, in order; an entry larger than
 * `bytes` alone is a run of its own (the caller bounds each entry).
 */
export function chunksWithin<T>(entries: readonly T[], bytes: number): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  // An array's JSON is two brackets and its entries, a comma between each.
  let used = 2;
  for (const entry of entries) {
    const size = utf8Bytes(JSON.stringify(entry)) + 1;
    if (chunk.length > 0 && used + size > bytes) {
      chunks.push(chunk);
      chunk = [];
      used = 2;
    }
    chunk.push(entry);
    used += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
