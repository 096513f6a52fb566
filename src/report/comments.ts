/** A comment as the comments page shows it: plain fields from a stored response, never its id. */
import type { Category } from '@/nps/category';
import { dayOf } from '@/report/days';

/** The stored fields a comment is made from (a row of functions/db/response-queries.ts). */
export interface CommentSource {
  ref: string;
  score: number;
  category: Category;
  reason: string | null;
  follow_up: string | null;
  /** JSON of dimension → value, as stored. */
  segments: string;
  locale: string;
  created_at: number;
  rank?: number;
}

export interface Comment {
  ref: string;
  score: number;
  category: Category;
  reason: string | null;
  follow_up: string | null;
  /** The segment values, top down ([] without a segment). */
  segments: string[];
  locale: string;
  /** UTC day of the answer. */
  day: string;
  created_at: number;
  /** FTS5 rank, in relevance order. */
  rank?: number;
}

/**
 * An answer has a comment when its reason or follow-up holds text: what the comments page lists
 * (functions/db/response-queries.ts WITH_COMMENT; stored comments are trimmed, empty is NULL) and
 * what the rollup counts in rollup_days.commented, the denominator of the themes' shares.
 */
export function hasComment(reason: string | null | undefined, followUp: string | null | undefined) {
  return Boolean(reason?.trim() || followUp?.trim());
}

export function commentOf(row: CommentSource): Comment {
  const stored: unknown = JSON.parse(row.segments);
  const segments = stored && typeof stored === 'object' ? Object.values(stored).map(String) : [];
  const { ref, score, category, reason, follow_up, locale, created_at, rank } = row;
  return { ref, score, category, reason, follow_up, segments, locale, day: dayOf(created_at), created_at, ...(rank === undefined ? {} : { rank }) };
}
