/** The download links of /results/<survey>/export: one per part of the matching answers, each with its filters and cursor. */
import type { Position } from '@/report/cursor';
import { encodeCursor } from '@/report/cursor';

export interface ExportPart {
  number: number;
  /** First and last answer of the part, counted from 1 in time order. */
  first: number;
  last: number;
  /** Query string of the part's download (filters, part number and cursor). */
  query: string;
}

/** `starts`: where each part after the first begins (the last row of the part before). */
export function exportParts(filters: Record<string, string>, total: number, starts: Position[], rowsPerPart: number): ExportPart[] {
  if (total === 0) return [];
  return [undefined, ...starts].map((after, i) => {
    const params = new URLSearchParams(filters);
    if (starts.length > 0) params.set('part', String(i + 1));
    if (after) params.set('after', encodeCursor(after));
    return { number: i + 1, first: i * rowsPerPart + 1, last: Math.min(total, (i + 1) * rowsPerPart), query: params.toString() };
  });
}
