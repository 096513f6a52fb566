-- The rollup's ledger keeps each answer's last folded contribution as one JSON array (`entry`:
-- survey, paths, day, locale, channel, score, themes, commented, in that order) instead of a
-- column each. A step of the fold wrote its 4,000 ledger rows by picking nine fields out of each
-- bound JSON entry, which took most of the statement's time (README, "Performance"); now it stores
-- the entry as bound, and the step's read returns one column for it instead of nine.
DROP TRIGGER rollup_ledger_on_response_delete;

CREATE TABLE rollup_ledger_entries (
  response_rowid INTEGER PRIMARY KEY,
  entry TEXT NOT NULL
);

INSERT INTO rollup_ledger_entries (response_rowid, entry)
SELECT response_rowid, json_array(survey, paths, day, locale, channel, score, themes, commented)
FROM rollup_ledger
ORDER BY response_rowid;

DROP TABLE rollup_ledger;
ALTER TABLE rollup_ledger_entries RENAME TO rollup_ledger;

-- As migration 0028 made it: a deleted answer's ledger row and memberships go with it.
CREATE TRIGGER rollup_ledger_on_response_delete AFTER DELETE ON responses
BEGIN
  DELETE FROM rollup_ledger WHERE response_rowid = old.rowid;
  DELETE FROM response_themes WHERE response_rowid = old.rowid;
END;
