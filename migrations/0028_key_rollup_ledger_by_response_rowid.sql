-- The rollup's ledger (each answer as last folded in) is keyed by the answer's rowid in responses
-- instead of its id. The id is random, so every step of the fold wrote its ledger rows all over
-- the table's B-tree: a step of 1,000 answers dirtied about 1,000 pages of a ledger of 1,000,000.
-- Rowids grow as answers arrive, so a step now appends to the end of the table, and the step's
-- read finds each answer's ledger row by the rowid it already has (README, "Performance").
CREATE TABLE rollup_ledger_by_rowid (
  response_rowid INTEGER PRIMARY KEY,
  survey TEXT NOT NULL,
  paths TEXT NOT NULL,
  day TEXT NOT NULL,
  locale TEXT NOT NULL,
  channel TEXT NOT NULL,
  score INTEGER NOT NULL,
  themes TEXT NOT NULL DEFAULT '[]',
  commented INTEGER NOT NULL DEFAULT 0
);

-- A ledger row whose answer is gone (a retention sweep) can never be needed again: it is not kept.
INSERT INTO rollup_ledger_by_rowid (response_rowid, survey, paths, day, locale, channel, score, themes, commented)
SELECT r.rowid, l.survey, l.paths, l.day, l.locale, l.channel, l.score, l.themes, l.commented
FROM rollup_ledger AS l
JOIN responses AS r ON r.id = l.response_id
ORDER BY r.rowid;

DROP TABLE rollup_ledger;
ALTER TABLE rollup_ledger_by_rowid RENAME TO rollup_ledger;

-- SQLite may give a later answer the rowid of a deleted one: the deleted answer's ledger row goes
-- with it, so the later answer is never taken for an edit of it.
CREATE TRIGGER rollup_ledger_on_response_delete AFTER DELETE ON responses
BEGIN
  DELETE FROM rollup_ledger WHERE response_rowid = old.rowid;
END;
