-- Monthly rollups: rollup_days, rollup_themes and rollup_invitations summed by month ('YYYY-MM-01'), kept exact by
-- the same step that adds to the days (functions/db/rollup-months.ts). A results page reads the
-- whole months of a period here and only its partial months' edges by day (src/report/months.ts):
-- a year is 12 rows per score instead of 365.
CREATE TABLE rollup_months (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  month TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  answers INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  commented INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (survey, segment_path, month, score)
) WITHOUT ROWID;
-- The children's table reads this index alone (it holds the key, and answers): D1 counts an index
-- entry and its table row as two rows read.
CREATE INDEX rollup_months_by_parent ON rollup_months (survey, parent_path, month, answers);

CREATE TABLE rollup_theme_months (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  month TEXT NOT NULL,
  theme TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('detractor', 'passive', 'promoter')),
  comments INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, month, theme, category)
) WITHOUT ROWID;

CREATE TABLE rollup_invitation_months (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  month TEXT NOT NULL,
  invitations INTEGER NOT NULL,
  answered INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (survey, segment_path, month)
) WITHOUT ROWID;
CREATE INDEX rollup_invitation_months_by_parent ON rollup_invitation_months (survey, parent_path, month, invitations, answered);

-- Backfill from the days, so a deployment reads right months from the first page after it: a
-- month row for each key that has day rows in it, as the fold keeps them.
INSERT INTO rollup_months (survey, segment_path, parent_path, level, month, score, answers, invited, commented)
SELECT survey, segment_path, parent_path, level, substr(day, 1, 7) || '-01', score, sum(answers), sum(invited), sum(commented)
FROM rollup_days
GROUP BY survey, segment_path, substr(day, 1, 7), score;

INSERT INTO rollup_theme_months (survey, segment_path, month, theme, category, comments)
SELECT survey, segment_path, substr(day, 1, 7) || '-01', theme, category, sum(comments)
FROM rollup_themes
GROUP BY survey, segment_path, substr(day, 1, 7), theme, category;

INSERT INTO rollup_invitation_months (survey, segment_path, parent_path, level, month, invitations, answered)
SELECT survey, segment_path, parent_path, level, substr(day, 1, 7) || '-01', sum(invitations), sum(answered)
FROM rollup_invitations
GROUP BY survey, segment_path, substr(day, 1, 7);
