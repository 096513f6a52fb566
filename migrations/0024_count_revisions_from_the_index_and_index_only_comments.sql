-- Fewer rows written per answer (README, "Performance"). An answer's revision is now the highest
-- revision ever written plus one, read from responses_by_revision and from response_revision, which
-- only a deletion moves: it keeps the highest revision ever deleted. So an answer still writes a
-- revision above every revision the rollup can have passed, without writing the counter row.
UPDATE response_revision SET value = max(value, coalesce((SELECT max(revision) FROM responses), 0)) WHERE id = 1;
CREATE TRIGGER response_revision_on_delete BEFORE DELETE ON responses
BEGIN
  UPDATE response_revision SET value = max(value, old.revision) WHERE id = 1;
END;

-- The comment index (migrations/0005) holds the answers that have a comment only: an answer
-- without one wrote an empty entry, counted as a row written, that no search can ever find. The
-- view its triggers read now has no row for such an answer, so they write nothing for it.
INSERT INTO comment_search (comment_search, rowid, reason, follow_up)
SELECT 'delete', rowid, NULL, NULL FROM responses WHERE reason IS NULL AND follow_up IS NULL;
DROP VIEW comment_text;
CREATE VIEW comment_text AS
SELECT rowid AS response_rowid,
  replace(replace(replace(replace(replace(replace(replace(replace(reason,
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Ł', 'l'), 'ł', 'l'), 'ẞ', 'ss'), 'ß', 'ss') AS reason,
  replace(replace(replace(replace(replace(replace(replace(replace(follow_up,
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Ł', 'l'), 'ł', 'l'), 'ẞ', 'ss'), 'ß', 'ss') AS follow_up
FROM responses
WHERE reason IS NOT NULL OR follow_up IS NOT NULL;
