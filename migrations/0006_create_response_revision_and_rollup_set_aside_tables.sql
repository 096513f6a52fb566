-- The responses' change counter (functions/db/responses.ts): one row, moved on in the same batch
-- as every insert or update of a response. Unlike max(revision) + 1 it never goes back when the
-- newest response is deleted, so no later answer can reuse a revision the rollup has passed.
CREATE TABLE response_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO response_revision (id, value) SELECT 1, coalesce(max(revision), 0) FROM responses;

-- Rows the rollup can never fold (functions/jobs/rollup.ts): their data does not fold, or their
-- own share of a step is over D1's limits. The job records them here and moves past them, so they
-- never hold up the rows after them; the results pages count them on their status line. A
-- response that changes is tried again (and leaves this table once it folds).
CREATE TABLE rollup_set_aside (
  stream TEXT NOT NULL CHECK (stream IN ('responses', 'invitations')),
  row_id TEXT NOT NULL,
  survey TEXT NOT NULL,
  -- The revision (responses) or rowid (invitations) it was set aside at.
  position INTEGER NOT NULL,
  reason TEXT NOT NULL,
  set_aside_at INTEGER NOT NULL,
  PRIMARY KEY (stream, row_id)
) WITHOUT ROWID;
