/** Responses for the results site and the exports: filtered like the results (the text through the comment_search index of migrations/0005), keyset-paginated so every page costs the same. */
import type { Position } from '@/report/cursor';
import { matchExpression } from '@/report/search';
import type { ResponseFilter } from '@/report/filters';
import type { StoredResponse } from './responses';

export type { ResponseFilter };

/** relevance: best match first (needs q), newest first among equals. */
export type Order = 'newest' | 'oldest' | 'relevance';

export interface Page {
  order: Order;
  /** Continue after this row (its rank too, in relevance order). */
  after?: Position;
  /** In oldest order: stop at this row, included (the end of an export part). */
  until?: Position;
  limit: number;
}

/** A response as staff see it: by its public ref, never by its id (the respondent's capability). */
export type ResponseRow = Omit<StoredResponse, 'id' | 'survey' | 'invitation_id' | 'contact_id' | 'revision'> & { rank?: number };

/** An answer with a comment, in SQL over responses AS r: hasComment (src/report/comments.ts), as stored comments are trimmed and empty is NULL. */
export const WITH_COMMENT = '(r.reason IS NOT NULL OR r.follow_up IS NOT NULL)';

const COLUMNS = 'r.ref, r.score, r.category, r.reason, r.follow_up, r.answers, r.segments, r.locale, r.channel, r.created_at, r.updated_at';

interface Selection {
  from: string;
  clauses: string[];
  values: (string | number)[];
  searching: boolean;
}

/** The FROM and WHERE of a filter; null when it can match nothing (a search of punctuation). */
function selection(survey: string, filter: ResponseFilter): Selection | null {
  const clauses = ['r.survey = ?', 'r.created_at >= ?', 'r.created_at < ?'];
  const values: (string | number)[] = [survey, filter.from, filter.to];
  if (filter.withComment) clauses.push(WITH_COMMENT);
  if (filter.category) {
    clauses.push('r.category = ?');
    values.push(filter.category);
  }
  for (const [dimension, value] of Object.entries(filter.segments)) {
    clauses.push('json_extract(r.segments, ?) = ?');
    values.push(`$.${dimension}`, value);
  }
  if (filter.theme) {
    clauses.push('r.rowid IN (SELECT response_rowid FROM response_themes WHERE theme = ?)');
    values.push(filter.theme);
  }
  if (filter.q === undefined) return { from: 'responses AS r', clauses, values, searching: false };
  const match = matchExpression(filter.q);
  if (match === null) return null;
  return {
    // CROSS JOIN keeps the index the outer loop: one full-text search, then a row lookup per
    // match (left to itself SQLite walks every response of the period and probes the index).
    from: 'comment_search CROSS JOIN responses AS r ON r.rowid = comment_search.rowid',
    clauses: ['comment_search MATCH ?', ...clauses],
    values: [match, ...values],
    searching: true,
  };
}

/** Keyset conditions and ORDER BY for each order. */
function ordering(order: Order, page: Page) {
  const clauses: string[] = [];
  const values: (string | number)[] = [];
  const { after, until } = page;
  if (order === 'oldest') {
    if (after) {
      clauses.push('(r.created_at > ? OR (r.created_at = ? AND r.ref > ?))');
      values.push(after.createdAt, after.createdAt, after.ref);
    }
    if (until) {
      clauses.push('(r.created_at < ? OR (r.created_at = ? AND r.ref <= ?))');
      values.push(until.createdAt, until.createdAt, until.ref);
    }
    return { clauses, values, orderBy: 'r.created_at ASC, r.ref ASC' };
  }
  const newer = '(r.created_at < ? OR (r.created_at = ? AND r.ref < ?))';
  if (order === 'newest') {
    if (after) {
      clauses.push(newer);
      values.push(after.createdAt, after.createdAt, after.ref);
    }
    return { clauses, values, orderBy: 'r.created_at DESC, r.ref DESC' };
  }
  // bm25: lower is better. The rank of a row moves a little when other comments are written,
  // so a comment at a page boundary can show twice or move past it if the index changes
  // between two pages; nothing else is lost.
  if (after && after.rank !== undefined) {
    clauses.push(`(comment_search.rank > ? OR (comment_search.rank = ? AND ${newer}))`);
    values.push(after.rank, after.rank, after.createdAt, after.createdAt, after.ref);
  }
  return { clauses, values, orderBy: 'comment_search.rank ASC, r.created_at DESC, r.ref DESC' };
}

export async function findResponses(db: D1Database, survey: string, filter: ResponseFilter, page: Page): Promise<ResponseRow[]> {
  const selected = selection(survey, filter);
  if (!selected) return [];
  const order = page.order === 'relevance' && !selected.searching ? 'newest' : page.order;
  const keyset = ordering(order, page);
  const columns = order === 'relevance' ? `${COLUMNS}, comment_search.rank AS rank` : COLUMNS;
  const { results } = await db
    .prepare(
      `SELECT ${columns} FROM ${selected.from} WHERE ${[...selected.clauses, ...keyset.clauses].join(' AND ')}
       ORDER BY ${keyset.orderBy} LIMIT ?`,
    )
    .bind(...selected.values, ...keyset.values, page.limit)
    .all<ResponseRow>();
  return results;
}

/**
 * Rows in one export part: ten reads of 1,000 rows and one to find where the part ends, well
 * inside D1's 50 queries per invocation (free plan) and a Worker's memory and time. A larger
 * export is several parts: scripts follow the Link header, people the links of the export page.
 */
export const EXPORT_PART_ROWS = 10_000;

/**
 * Where a part of `size` rows (oldest first) that starts after `after` ends, and whether more
 * rows follow it: one query, so an export part knows its end before it sends a byte.
 */
export async function partEnd(db: D1Database, survey: string, filter: ResponseFilter, after: Position | undefined, size: number) {
  const selected = selection(survey, filter);
  if (!selected) return { end: undefined, more: false };
  const keyset = ordering('oldest', { order: 'oldest', after, limit: size });
  const { results } = await db
    .prepare(
      `SELECT r.created_at, r.ref FROM ${selected.from} WHERE ${[...selected.clauses, ...keyset.clauses].join(' AND ')}
       ORDER BY ${keyset.orderBy} LIMIT 2 OFFSET ?`,
    )
    .bind(...selected.values, ...keyset.values, size - 1)
    .all<{ created_at: number; ref: string }>();
  const last = results[0];
  return { end: last ? { createdAt: last.created_at, ref: last.ref } : undefined, more: results.length > 1 };
}

/**
 * How many responses match, and where each part of `size` rows after the first begins (the
 * last row of the part before it): one query, for the export page's list of parts.
 */
export async function partStarts(db: D1Database, survey: string, filter: ResponseFilter, size: number) {
  const selected = selection(survey, filter);
  if (!selected) return { total: 0, starts: [] as Position[] };
  const { results } = await db
    .prepare(
      `SELECT created_at, ref, n, total FROM (
         SELECT r.created_at, r.ref, row_number() OVER (ORDER BY r.created_at, r.ref) AS n, count(*) OVER () AS total
         FROM ${selected.from} WHERE ${selected.clauses.join(' AND ')})
       WHERE n % ? = 0 OR n = total ORDER BY n`,
    )
    .bind(...selected.values, size)
    .all<{ created_at: number; ref: string; n: number; total: number }>();
  const total = results[0]?.total ?? 0;
  const starts = results.filter((row) => row.n < total).map((row) => ({ createdAt: row.created_at, ref: row.ref }));
  return { total, starts };
}
