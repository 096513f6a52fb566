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

/**
 * True, as SQL over the parameter `param` (a page's key), while that page is stored at the rollup's
 * position now, as a hit finds it: a page's reads batched with its lookup read nothing then.
 */
export const storedNow = (param: string) => `EXISTS (SELECT 1 FROM ${STATE} JOIN page_cache AS c ON c.page = ${param} AND c.position = ${POSITION})`;

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
 *
 * Without scanning the table: a page stored anew takes the next rowid (INSERT OR REPLACE), so
 * the newest pages are the highest rowids and the rest go by one range of the rowid; pages older
 * than a day go by the index of their age. Every store at a new position deletes every page of
 * the older one, so the pages kept are all at the position of the newest: when that is this
 * position there is nothing else to delete, and one look at the newest row says so.
 */
export async function storePage(db: D1Database, page: string, position: string, html: string, now = Date.now(), maxPages = MAX_PAGES) {
  await db.batch([
    // Older than a day; and up to the rowid below the newest maxPages - 1, or every page when the newest is of another position.
    db
      .prepare(
        `DELETE FROM page_cache WHERE stored_at < ?1 OR rowid <= max((SELECT max(rowid) FROM page_cache) - ?2,
           coalesce((SELECT CASE WHEN position <> ?3 THEN rowid END FROM page_cache ORDER BY rowid DESC LIMIT 1), 0))`,
      )
      .bind(now - KEPT_MS, maxPages - 1, position),
    db
      .prepare(`INSERT OR REPLACE INTO page_cache (page, position, stored_at, html) SELECT ?1, ?2, ?4, ?3 WHERE (SELECT ${POSITION} FROM ${STATE}) = ?2`)
      .bind(page, position, html, now),
  ]);
}

/** The statement that drops every cached page and keeps a render in progress from storing its page: in the batch of each erasure. */
export function dropCachedPages(db: D1Database): D1PreparedStatement {
  return db.prepare(`UPDATE page_cache_generation SET generation = generation + 1`);
}
