/**
 * Where a list of responses continues, as a URL value: "<created_at>.<ref>" in date order, and
 * "<rank>~<created_at>.<ref>" in relevance order (the FTS5 rank of the last row shown).
 */
export interface Position {
  createdAt: number;
  /** The response's public ref (never its id, the respondent's capability). */
  ref: string;
  rank?: number;
}

const CURSOR = /^(?:([-+.0-9eE]{1,32})~)?(\d{1,16})\.([0-9a-f]{16})$/;

export function encodeCursor(position: Position): string {
  const at = `${position.createdAt}.${position.ref}`;
  return position.rank === undefined ? at : `${position.rank}~${at}`;
}

/** Null when the text is not a cursor this site made. */
export function decodeCursor(text: string): Position | null {
  const match = CURSOR.exec(text);
  if (!match) return null;
  const [, rank, createdAt, ref] = match;
  if (rank === undefined) return { createdAt: Number(createdAt), ref: ref! };
  const value = Number(rank);
  return Number.isFinite(value) ? { rank: value, createdAt: Number(createdAt), ref: ref! } : null;
}
