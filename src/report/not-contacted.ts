/** The not-contacted report's order and rows: riskiest first, then the longest untouched; its cursor and its CSV cells. */
import { CATEGORIES, type Category } from '@/nps/category';
import type { NotContactedItem } from '@/schemas/not-contacted';

/** A stored contact with its latest answer (a row of functions/db/not-contacted.ts). */
export interface NotContactedRow {
  id: string;
  external_id: string | null;
  email: string | null;
  name: string | null;
  last_touched_at: number | null;
  score: number;
  category: Category;
  survey: string;
  answered_at: number;
}

/** Where the list continues: the last row's risk (0 detractor … 2 promoter), last touch (-1: never) and contact. */
export interface ReportPosition {
  risk: number;
  lastTouch: number;
  contact: string;
}

/** Riskiest first: detractors, passives, promoters. */
export const riskOf = (category: Category) => CATEGORIES.indexOf(category);

const CURSOR = /^([0-2])\.(-1|\d{1,16})\.([A-Za-z0-9_-]{1,64})$/;

export function positionOf(row: NotContactedRow): ReportPosition {
  return { risk: riskOf(row.category), lastTouch: row.last_touched_at ?? -1, contact: row.id };
}

export const encodeReportCursor = (p: ReportPosition) => `${p.risk}.${p.lastTouch}.${p.contact}`;

/** Null when the text is not a cursor this report made. */
export function decodeReportCursor(text: string): ReportPosition | null {
  const match = CURSOR.exec(text);
  return match ? { risk: Number(match[1]), lastTouch: Number(match[2]), contact: match[3]! } : null;
}

export function itemOf(row: NotContactedRow): NotContactedItem {
  return {
    contact: row.external_id ?? row.email ?? '',
    name: row.name,
    lastTouch: row.last_touched_at === null ? null : new Date(row.last_touched_at).toISOString(),
    latestScore: row.score,
    category: row.category,
    survey: row.survey,
    answeredAt: new Date(row.answered_at).toISOString(),
  };
}

export const REPORT_COLUMNS = ['contact', 'name', 'lastTouch', 'latestScore', 'category', 'survey', 'answeredAt'] as const;

/** One CSV row, cells in REPORT_COLUMNS order (never touched: an empty last touch). */
export const csvCellsOf = (item: NotContactedItem) => REPORT_COLUMNS.map((column) => String(item[column] ?? ''));
