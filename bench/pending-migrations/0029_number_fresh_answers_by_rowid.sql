-- One row fewer written per answer (README, "Performance"). A fresh answer's revision is its rowid:
-- the answer is inserted with rowid = the next revision and revision = 0, so it writes no entry in
-- responses_by_revision. Only a later change (an amendment, an invitation answered again) sets
-- revision to the next one, and only those rows are in the index. The rollup reads the two streams
-- (fresh answers by rowid, changed ones by this index) merged in revision order
-- (functions/db/rollups.ts). The next revision is one above the highest rowid, the highest
-- revision in the index and the highest ever deleted, so it still grows in commit order, and a
-- rowid is never given twice.
DROP INDEX responses_by_revision;
CREATE UNIQUE INDEX responses_by_revision ON responses (revision) WHERE revision > 0;

-- A deleted answer's revision is its rowid while it was never changed.
DROP TRIGGER response_revision_on_delete;
CREATE TRIGGER response_revision_on_delete BEFORE DELETE ON responses
BEGIN
  UPDATE response_revision SET value = max(value, old.revision, old.rowid) WHERE id = 1;
END;
