-- Erasure and retention (README, "Erasure and retention").

-- FTS5 keeps the words of a deleted or changed comment in its index (a delete marker beside the old
-- entry) until segments happen to merge: secure-delete removes them at once, so an erased comment
-- leaves no word behind in comment_search_data.
INSERT INTO comment_search (comment_search, rank) VALUES ('secure-delete', 1);

-- How far the retention sweep (functions/jobs/retention.ts) has erased each survey's answers and
-- invitations: the last row it passed, in (created_at, rowid) order, so each run reads only rows it
-- has not passed yet (responses_by_survey, invitations_by_survey) instead of every old row again.
CREATE TABLE retention_state (
  survey TEXT NOT NULL,
  stream TEXT NOT NULL CHECK (stream IN ('responses', 'invitations')),
  created_at INTEGER NOT NULL,
  row INTEGER NOT NULL,
  PRIMARY KEY (survey, stream)
) WITHOUT ROWID;
