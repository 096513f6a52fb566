/** The summary API's live counts, straight from the responses. */
import type { CategoryCounts } from '@/nps/score';

export interface SummaryFilter {
  from?: number;
  to?: number;
  /** dimension → value; dimensions are the survey's own names, values are bound. */
  segments: Record<string, string>;
}

/** Live counts straight from the responses (the admin API's exact answer). */
export async function countCategories(db: D1Database, survey: string, filter: SummaryFilter) {
  const clauses = ['survey = ?'];
  const values: (string | number)[] = [survey];
  if (filter.from !== undefined) {
    clauses.push('created_at >= ?');
    values.push(filter.from);
  }
  if (filter.to !== undefined) {
    clauses.push('created_at < ?');
    values.push(filter.to);
  }
  for (const [dimension, value] of Object.entries(filter.segments)) {
    clauses.push('json_extract(segments, ?) = ?');
    values.push(`$.${dimension}`, value);
  }
  const row = await db
    .prepare(
      `SELECT count(*) AS n,
              coalesce(sum(category = 'promoter'), 0) AS promoters,
              coalesce(sum(category = 'passive'), 0) AS passives,
              coalesce(sum(category = 'detractor'), 0) AS detractors
       FROM responses WHERE ${clauses.join(' AND ')}`,
    )
    .bind(...values)
    .first<CategoryCounts & { n: number }>();
  return row!;
}
