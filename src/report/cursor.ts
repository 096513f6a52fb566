/**
 * Where a list of responses continues, as a URL value: "<created_at>.<id>" in date order, and
 * "<rank>~<created_at>.<id>" in relevance order (the FTS5 rank of the last row shown).
 */
export interface Position {
  createdAt: number;
  id: string;
  rank?: number;
}

const CURSOR = /^(?:([-+.0-9eE]{1,32})~)?(\d{1,16})\.([A-Za-z0-9_-]{22})$/;

export function encodeCursor(position: Position): string {
  const at = `${position.createdAt}.${position.id}`;
  return position.rank === undefined ? at : `${position.rank}~${at}`;
}

/** Null when the text is not a cursor this site made. */
export function decodeCursor(text: string): Position | null {
  const match = CURSOR.exec(text);
  if (!match) return null;
  const [, rank, createdAt, id] = match;
  if (rank === undefined) return { createdAt: Number(createdAt), id: id! };
  const value = Number(rank);
  return Number.isFinite(value) ? { rank: value, createdAt: Number(createdAt), id: id! } : null;
}
