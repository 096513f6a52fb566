-- Full-text search over the comments (reason and follow-up) for the comments page and the
-- exports: D1 refuses LIKE patterns over 50 bytes, FTS5 has no such limit and ranks by relevance.

-- What is indexed: the two comment fields with the letters the unicode61 tokenizer does not fold
-- (they have no Unicode decomposition) spelled the way people type them without the key:
-- æ → ae, ø → o (da, nb), ł → l (pl), ß → ss (de). src/report/search.ts folds queries the same
-- way. rowid is the responses.rowid, the key of the index.
CREATE VIEW comment_text AS
SELECT rowid AS response_rowid,
  replace(replace(replace(replace(replace(replace(replace(replace(reason,
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Ł', 'l'), 'ł', 'l'), 'ẞ', 'ss'), 'ß', 'ss') AS reason,
  replace(replace(replace(replace(replace(replace(replace(replace(follow_up,
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Ł', 'l'), 'ł', 'l'), 'ẞ', 'ss'), 'ß', 'ss') AS follow_up
FROM responses;

-- An external-content index: the text stays in responses only. remove_diacritics 2 folds
-- å ä ö ü ó ś ź ż ą ę ć ń … to their base letters, so "forsening" finds "försening".
CREATE VIRTUAL TABLE comment_search USING fts5(
  reason, follow_up,
  content = 'comment_text', content_rowid = 'response_rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Kept in step inside every write to responses (the insert, the upsert of an invitation's
-- answer, the follow-up amendment): an external-content index must be told the old text
-- before it changes, so the removals read the view BEFORE the write.
CREATE TRIGGER comment_search_after_insert AFTER INSERT ON responses BEGIN
  INSERT INTO comment_search (rowid, reason, follow_up)
  SELECT response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = new.rowid;
END;

CREATE TRIGGER comment_search_before_update BEFORE UPDATE OF reason, follow_up ON responses BEGIN
  INSERT INTO comment_search (comment_search, rowid, reason, follow_up)
  SELECT 'delete', response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = old.rowid;
END;

CREATE TRIGGER comment_search_after_update AFTER UPDATE OF reason, follow_up ON responses BEGIN
  INSERT INTO comment_search (rowid, reason, follow_up)
  SELECT response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = new.rowid;
END;

CREATE TRIGGER comment_search_before_delete BEFORE DELETE ON responses BEGIN
  INSERT INTO comment_search (comment_search, rowid, reason, follow_up)
  SELECT 'delete', response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = old.rowid;
END;

-- The answers already stored.
INSERT INTO comment_search (comment_search) VALUES ('rebuild');
