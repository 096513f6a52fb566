-- The responses' change counter (functions/db/responses.ts): one row, moved on in the same batch
-- as every insert or update of a response. Unlike max(revision) + 1 it never goes back when the
-- newest response is deleted, so no later answer can reuse a revision the rollup has passed.
CREATE TABLE response_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO response_revision (id, value) SELECT 1, coalesce(max(revision), 0) FROM responses;
