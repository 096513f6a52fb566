-- The day and month rollups the results pages read keep one row per survey × segment path × day
-- (or month), with the answers of each score 0–10 in its own column (s0 … s10), instead of a row
-- per score. A page reads up to 11 times fewer rows (D1 bills and limits rows read): a function's
-- page lists its people month by month, one row each instead of one per score. `answers` is the
-- row's total (s0 + … + s10), `invited` and `commented` count the row's answers that came by
-- invitation and that have a comment. The fold (functions/db/rollup-upserts.ts) adds its deltas
-- to every column at once.

CREATE TABLE rollup_days_by_score_columns (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  day TEXT NOT NULL,
  answers INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  commented INTEGER NOT NULL,
  s0 INTEGER NOT NULL, s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL,
  s4 INTEGER NOT NULL, s5 INTEGER NOT NULL, s6 INTEGER NOT NULL, s7 INTEGER NOT NULL,
  s8 INTEGER NOT NULL, s9 INTEGER NOT NULL, s10 INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, day)
) WITHOUT ROWID;

INSERT INTO rollup_days_by_score_columns
SELECT survey, segment_path, parent_path, level, day, sum(answers), sum(invited), sum(commented),
  sum(CASE score WHEN 0 THEN answers ELSE 0 END), sum(CASE score WHEN 1 THEN answers ELSE 0 END),
  sum(CASE score WHEN 2 THEN answers ELSE 0 END), sum(CASE score WHEN 3 THEN answers ELSE 0 END),
  sum(CASE score WHEN 4 THEN answers ELSE 0 END), sum(CASE score WHEN 5 THEN answers ELSE 0 END),
  sum(CASE score WHEN 6 THEN answers ELSE 0 END), sum(CASE score WHEN 7 THEN answers ELSE 0 END),
  sum(CASE score WHEN 8 THEN answers ELSE 0 END), sum(CASE score WHEN 9 THEN answers ELSE 0 END),
  sum(CASE score WHEN 10 THEN answers ELSE 0 END)
FROM rollup_days
GROUP BY survey, segment_path, day;

DROP TABLE rollup_days;
ALTER TABLE rollup_days_by_score_columns RENAME TO rollup_days;
-- Drill-down: the children of one segment, day by day.
CREATE INDEX rollup_days_by_parent ON rollup_days (survey, parent_path, day);

CREATE TABLE rollup_months_by_score_columns (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  month TEXT NOT NULL,
  answers INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  commented INTEGER NOT NULL,
  s0 INTEGER NOT NULL, s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL,
  s4 INTEGER NOT NULL, s5 INTEGER NOT NULL, s6 INTEGER NOT NULL, s7 INTEGER NOT NULL,
  s8 INTEGER NOT NULL, s9 INTEGER NOT NULL, s10 INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, month)
) WITHOUT ROWID;

INSERT INTO rollup_months_by_score_columns
SELECT survey, segment_path, parent_path, level, month, sum(answers), sum(invited), sum(commented),
  sum(CASE score WHEN 0 THEN answers ELSE 0 END), sum(CASE score WHEN 1 THEN answers ELSE 0 END),
  sum(CASE score WHEN 2 THEN answers ELSE 0 END), sum(CASE score WHEN 3 THEN answers ELSE 0 END),
  sum(CASE score WHEN 4 THEN answers ELSE 0 END), sum(CASE score WHEN 5 THEN answers ELSE 0 END),
  sum(CASE score WHEN 6 THEN answers ELSE 0 END), sum(CASE score WHEN 7 THEN answers ELSE 0 END),
  sum(CASE score WHEN 8 THEN answers ELSE 0 END), sum(CASE score WHEN 9 THEN answers ELSE 0 END),
  sum(CASE score WHEN 10 THEN answers ELSE 0 END)
FROM rollup_months
GROUP BY survey, segment_path, month;

DROP TABLE rollup_months;
ALTER TABLE rollup_months_by_score_columns RENAME TO rollup_months;
-- The children of one segment, month by month: an index entry and its row per child and month.
CREATE INDEX rollup_months_by_parent ON rollup_months (survey, parent_path, month);
