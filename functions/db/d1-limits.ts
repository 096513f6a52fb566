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

const encoder = new TextEncoder();

/** Bytes of a string as D1 stores it (UTF-8). */
export const utf8Bytes = (text: string) => encoder.encode(text).byteLength;

/** D1's error when a value, row or statement is over its limits (SQLite's SQLITE_TOOBIG). */
export const isOverLimit = (error: unknown) => error instanceof Error && /SQLITE_TOOBIG/.test(error.message);
