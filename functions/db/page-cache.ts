/** The rendered-page cache in D1 (migrations/0023): a page is kept with the rollup position it was rendered at, and only served at that position. */
import type { DayRange } from '@/report/days';
import { boundsFrom, boundsOf } from './results';
import { ROLLUP_STATE, statusOf, type RollupStatus, type StatusColumns } from './rollups';

/**
 * What a cached page's position is made of, as one row (the tables r, s and g of a FROM clause):
 * the rollup's state (ROLLUP_STATE: r and s) and the erasure generation (g).
 */
const STATE = `${ROLLUP_STATE} JOIN page_cache_generation AS g`;

/**
 * Everything that moves a cached page's figures, as one string over STATE: the streams' positions,
 * the rows set aside and the erasure generation. Not caught_up_at: it moves every run, even when
 * nothing changed (the page's "data as of" is filled in when it is served instead).
 */
const POSITION = `r.streams || ' set-aside=' || s.responses || '/' || s.invitations || ' generation=' || g.generation`;

/** Rows older than this are deleted when another page is stored, whatever their position. */
const KEPT_MS = 86_400_000;
/** At most this many pages are kept, the newest (4–47 KB each at the bench's 500 people: about 25 MB). */
export const MAX_PAGES = 500;

export interface CachedPage {
  /** The rollup's position now: a page rendered from here on is stored under it. */
  position: string;
  /** The page stored at this position, null when there is none. */
  html: string | null;
  /** The status line's figures now ("data as of", rows set aside), for the page served. */
  status: RollupStatus;
  /** Without a stored page, the first and last day with data at the node asked for (null: none); undefined when not read. */
  bounds?: DayRange | null;
}

/** A node of a survey's organisation: the survey's id and the segment path's key (pathKey). */
export interface NodeRef {
  survey: string;
  path: string;
}

/**
 * One query: the position now, the page stored under it, and the status line's figures (what
 * rollupStatus reads); without a stored page, also where `node` has data (what dataBounds reads,
 * for the render that follows: SQLite runs a CASE's subquery only on the branch taken, so a hit
 * reads no more than before).
 */
export async function cachedPage(db: D1Database, page: string, node: NodeRef | null = null): Promise<CachedPage> {
  const row = await db
    .prepare(
      `SELECT ${POSITION} AS position, c.html, r.at, s.responses, s.invitations,
         CASE WHEN c.html IS NULL AND ?2 IS NOT NULL THEN ${boundsOf('?2', '?3')} END AS bounds
       FROM ${STATE} LEFT JOIN page_cache AS c ON c.page = ?1 AND c.position = ${POSITION}`,
    )
    .bind(page, node?.survey ?? null, node?.path ?? null)
    .first<{ position: string; html: string | null; bounds: string | null } & StatusColumns>();
  if (!row) throw new Error('page cache: no rollup position');
  const found: CachedPage = { position: row.position, html: row.html, status: statusOf(row) };
  if (row.html === null && node) found.bounds = boundsFrom(row.bounds);
  return found;
}

/**
 * Stores a page rendered at `position`, only if the rollup is still there (a run or an erasure
 * during the render leaves it unstored), and deletes the pages of older positions and days and
 * the oldest beyond `maxPages`: the table holds at most the pages viewed since the rollup last
 * moved, for at most a day, and never more than `maxPages` of them.
 */
export async function storePage(db: D1Database, page: string, position: string, html: string, now = Date.now(), maxPages = MAX_PAGES) {
  await db.batch([
    db
      .prepare(
        `DELETE FROM page_cache WHERE position <> ?1 OR stored_at < ?2
           OR page IN (SELECT page FROM page_cache WHERE page <> ?4 ORDER BY stored_at DESC LIMIT -1 OFFSET ?3)`,
      )
      .bind(position, now - KEPT_MS, maxPages - 1, page),
    db
      .prepare(
        `INSERT INTO page_cache (page, position, stored_at, html) SELECT ?1, ?2, ?4, ?3 WHERE (SELECT ${POSITION} FROM ${STATE}) = ?2
         ON CONFLICT (page) DO UPDATE SET position = excluded.position, stored_at = excluded.stored_at, html = excluded.html`,
      )
      .bind(page, position, html, now),
  ]);
}

/** The statement that drops every cached page and keeps a render in progress from storing its page: in the batch of each erasure. */
export function dropCachedPages(db: D1Database): D1PreparedStatement {
  return db.prepare(`UPDATE page_cache_generation SET generation = generation + 1`);
}
