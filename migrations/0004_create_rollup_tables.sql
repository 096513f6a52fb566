-- What the results site reads: counts folded in by the scheduled job (functions/jobs/rollup.ts),
-- so a page costs the same at a thousand or a million responses.

-- (Deltas are added with upserts, so no CHECK on the counts: an edit adds −1 to its old key.)
-- Answers per score 0–10, per survey × UTC day × segment path × locale × channel.
-- segment_path is a JSON array, top down: [] is the company, ["Support"] a department,
-- ["Support","Tier 1"] a function, ["Support","Tier 1","Eva"] a person.
CREATE TABLE rollup_scores (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  day TEXT NOT NULL,
  locale TEXT NOT NULL,
  channel TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  answers INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, day, locale, channel, score)
) WITHOUT ROWID;
-- Drill-down: the children of one segment.
CREATE INDEX rollup_scores_by_parent ON rollup_scores (survey, parent_path, day);

-- The same without locale and channel, which is what the pages read: 14 times fewer rows, so a
-- page over a year of a busy survey sums a few thousand rows whatever the number of answers.
-- invited: how many of the answers came through an invitation (for the response rate).
CREATE TABLE rollup_days (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  day TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  answers INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, day, score)
) WITHOUT ROWID;
CREATE INDEX rollup_days_by_parent ON rollup_days (survey, parent_path, day);

-- Invitations sent, per survey × UTC day × segment path (for the response rate).
CREATE TABLE rollup_invitations (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  day TEXT NOT NULL,
  invitations INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, day)
) WITHOUT ROWID;
CREATE INDEX rollup_invitations_by_parent ON rollup_invitations (survey, parent_path, day);

-- Comments by theme (src/data/themes.json): how many comments per theme and category.
CREATE TABLE rollup_themes (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  day TEXT NOT NULL,
  theme TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('detractor', 'passive', 'promoter')),
  comments INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, day, theme, category)
) WITHOUT ROWID;

-- Which themes each comment is in, for the comments page's theme filter.
CREATE TABLE response_themes (
  response_id TEXT NOT NULL,
  theme TEXT NOT NULL,
  PRIMARY KEY (response_id, theme)
) WITHOUT ROWID;
CREATE INDEX response_themes_by_theme ON response_themes (theme, response_id);

-- Each response as it was last folded in, so an edited response moves between categories
-- (its old contribution is taken out) instead of being counted twice.
CREATE TABLE rollup_ledger (
  response_id TEXT PRIMARY KEY,
  survey TEXT NOT NULL,
  paths TEXT NOT NULL,
  day TEXT NOT NULL,
  locale TEXT NOT NULL,
  channel TEXT NOT NULL,
  score INTEGER NOT NULL,
  themes TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;

-- Where the job has got to in each stream (responses.revision, invitations.rowid: both grow in
-- commit order), and which run claimed the last step: two runs can never fold the same rows.
CREATE TABLE rollup_state (
  stream TEXT PRIMARY KEY CHECK (stream IN ('responses', 'invitations')),
  after INTEGER NOT NULL DEFAULT 0,
  claim TEXT,
  caught_up_at INTEGER
);
INSERT INTO rollup_state (stream) VALUES ('responses'), ('invitations');
