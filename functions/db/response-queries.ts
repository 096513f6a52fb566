import type { Category } from '../../src/nps/category';
import type { StoredResponse } from './responses';

/**
 * Responses for the results site and the exports: filtered like the results (period, category,
 * segments, text), keyset-paginated over (survey, created_at) so every page costs the same.
 */
export interface ResponseFilter {
  from: number;
  to: number;
  category?: Category;
  /** dimension → value; dimension names come from the survey file, values are bound. */
  segments: Record<string, string>;
  q?: string;
  /** Only comments in this theme (as of the last rollup). */
  theme?: string;
  /** Only answers with a reason or follow-up. */
  withComment?: boolean;
}

export interface Page {
  order: 'newest' | 'oldest';
  /** Continue after this (created_at, ref). */
  after?: { createdAt: number; ref: string };
  limit: number;
}

/** A response as staff see it: by its public ref, never by its id (the respondent's capability). */
export type ResponseRow = Omit<StoredResponse, 'id' | 'survey' | 'invitation_id' | 'contact_id' | 'revision'>;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findResponses(db: D1Database, survey: string, filter: ResponseFilter, page: Page) {
  const clauses = ['survey = ?', 'created_at >= ?', 'created_at < ?'];
  const values: (string | number)[] = [survey, filter.from, filter.to];
  if (filter.withComment) clauses.push('(reason IS NOT NULL OR follow_up IS NOT NULL)');
  if (filter.category) {
    clauses.push('category = ?');
    values.push(filter.category);
  }
  for (const [dimension, value] of Object.entries(filter.segments)) {
    clauses.push('json_extract(segments, ?) = ?');
    values.push(`$.${dimension}`, value);
  }
  if (filter.theme) {
    clauses.push('id IN (SELECT response_id FROM response_themes WHERE theme = ?)');
    values.push(filter.theme);
  }
  if (filter.q) {
    clauses.push("(reason LIKE ? ESCAPE '\\' OR follow_up LIKE ? ESCAPE '\\')");
    values.push(likePattern(filter.q), likePattern(filter.q));
  }
  const newest = page.order === 'newest';
  if (page.after) {
    clauses.push(newest ? '(created_at < ? OR (created_at = ? AND ref < ?))' : '(created_at > ? OR (created_at = ? AND ref > ?))');
    values.push(page.after.createdAt, page.after.createdAt, page.after.ref);
  }
  const direction = newest ? 'DESC' : 'ASC';
  const { results } = await db
    .prepare(
      `SELECT ref, score, category, reason, follow_up, answers, segments, locale, channel, created_at, updated_at
       FROM responses WHERE ${clauses.join(' AND ')} ORDER BY created_at ${direction}, ref ${direction} LIMIT ?`,
    )
    .bind(...values, page.limit)
    .all<ResponseRow>();
  return results;
}
