-- The rollup's ledger (each answer as last folded in) and the theme memberships are keyed by the
-- answer's rowid in responses instead of its id. The id is random, so every step of the fold wrote its ledger rows all over
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

-- The theme memberships the comments page filters by, likewise: keyed by the answer's rowid, so a
-- step appends them; the comments page finds each member by its rowid.
CREATE TABLE response_themes_by_rowid (
  response_rowid INTEGER NOT NULL,
  theme TEXT NOT NULL,
  PRIMARY KEY (response_rowid, theme)
) WITHOUT ROWID;

INSERT INTO response_themes_by_rowid (response_rowid, theme)
SELECT r.rowid, t.theme
FROM response_themes AS t
JOIN responses AS r ON r.id = t.response_id
ORDER BY 1, 2;

DROP TABLE response_themes;
ALTER TABLE response_themes_by_rowid RENAME TO response_themes;
CREATE INDEX response_themes_by_theme ON response_themes (theme, response_rowid);

-- SQLite may give a later answer the rowid of a deleted one: the deleted answer's ledger row and
-- memberships go with it, so the later answer is never taken for an edit of it.
CREATE TRIGGER rollup_ledger_on_response_delete AFTER DELETE ON responses
BEGIN
  DELETE FROM rollup_ledger WHERE response_rowid = old.rowid;
  DELETE FROM response_themes WHERE response_rowid = old.rowid;
END;
