-- Rendered results pages (functions/http/page-cache.ts): a page whose figures come from the rollups
-- alone is rendered once per position of the rollup and served from here until the rollup moves.
-- page: the build, the UTC day and the canonical URL; position: the rollup's streams, its rows set
-- aside and the generation below, as functions/db/page-cache.ts reads them. One row per page: a
-- newer position replaces it, and every store deletes the rows of older positions and days, and
-- the oldest beyond a bound. The HTML comes last, so reading the other columns never walks it.
CREATE TABLE page_cache (
  page TEXT PRIMARY KEY,
  position TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  html TEXT NOT NULL
);
CREATE INDEX page_cache_by_age ON page_cache (stored_at);

-- Moved on by every erasure and retention step (functions/db/erasure.ts, retention.ts): a page
-- rendered before it is never stored after it, and the trigger drops every page stored so far.
CREATE TABLE page_cache_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO page_cache_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER page_cache_dropped AFTER UPDATE OF generation ON page_cache_generation BEGIN
  DELETE FROM page_cache;
END;
