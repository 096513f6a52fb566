-- Weekly rollups: rollup_days and rollup_themes summed by week (its Monday, UTC, 'YYYY-MM-DD'). A
-- results page with a weekly trend (a period of 120 days or fewer) reads its whole weeks here and only
-- the days of its partial weeks at the edges by day (src/report/period-split.ts): a 90-day view reads
-- 13 week rows per path and theme instead of 90 day rows. Only a node's own rows are read by week
-- (its trend and themes), so there is no index by parent, and no weekly invitations: a period's
-- totals, its children and its response rate are read by month.
-- Kept exact by triggers on the day tables, in the statement that adds to a day: whichever Worker
-- folds (one from before this migration too), the weeks move with the days, so this migration and
-- the deploy of the Worker that reads the weeks can come in either order. The fold only ever adds to
-- a day's counts (functions/db/rollup-upserts.ts); a day row's key never changes.
CREATE TABLE rollup_weeks (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  parent_path TEXT,
  level INTEGER NOT NULL,
  week TEXT NOT NULL,
  answers INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  commented INTEGER NOT NULL,
  s0 INTEGER NOT NULL, s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL,
  s4 INTEGER NOT NULL, s5 INTEGER NOT NULL, s6 INTEGER NOT NULL, s7 INTEGER NOT NULL,
  s8 INTEGER NOT NULL, s9 INTEGER NOT NULL, s10 INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, week)
) WITHOUT ROWID;

CREATE TABLE rollup_theme_weeks (
  survey TEXT NOT NULL,
  segment_path TEXT NOT NULL,
  week TEXT NOT NULL,
  theme TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('detractor', 'passive', 'promoter')),
  comments INTEGER NOT NULL,
  PRIMARY KEY (survey, segment_path, week, theme, category)
) WITHOUT ROWID;

-- Backfill from the days, so a deployment reads right weeks from the first page after it.
-- date(day, '-6 days', 'weekday 1') is the day's Monday: six days back, then on to the first Monday.
INSERT INTO rollup_weeks (survey, segment_path, parent_path, level, week, answers, invited, commented, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
SELECT survey, segment_path, parent_path, level, date(day, '-6 days', 'weekday 1'), sum(answers), sum(invited), sum(commented),
  sum(s0), sum(s1), sum(s2), sum(s3), sum(s4), sum(s5), sum(s6), sum(s7), sum(s8), sum(s9), sum(s10)
FROM rollup_days
GROUP BY survey, segment_path, date(day, '-6 days', 'weekday 1');

INSERT INTO rollup_theme_weeks (survey, segment_path, week, theme, category, comments)
SELECT survey, segment_path, date(day, '-6 days', 'weekday 1'), theme, category, sum(comments)
FROM rollup_themes
GROUP BY survey, segment_path, date(day, '-6 days', 'weekday 1'), theme, category;

CREATE TRIGGER rollup_weeks_on_day_insert AFTER INSERT ON rollup_days
BEGIN
  INSERT INTO rollup_weeks (survey, segment_path, parent_path, level, week, answers, invited, commented, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
  VALUES (new.survey, new.segment_path, new.parent_path, new.level, date(new.day, '-6 days', 'weekday 1'),
    new.answers, new.invited, new.commented, new.s0, new.s1, new.s2, new.s3, new.s4, new.s5, new.s6, new.s7, new.s8, new.s9, new.s10)
  ON CONFLICT (survey, segment_path, week) DO UPDATE SET
    answers = answers + excluded.answers, invited = invited + excluded.invited, commented = commented + excluded.commented, s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2, s3 = s3 + excluded.s3, s4 = s4 + excluded.s4, s5 = s5 + excluded.s5, s6 = s6 + excluded.s6, s7 = s7 + excluded.s7, s8 = s8 + excluded.s8, s9 = s9 + excluded.s9, s10 = s10 + excluded.s10;
END;

CREATE TRIGGER rollup_weeks_on_day_update AFTER UPDATE OF answers, invited, commented, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10 ON rollup_days
BEGIN
  UPDATE rollup_weeks SET
    answers = answers + new.answers - old.answers, invited = invited + new.invited - old.invited, commented = commented + new.commented - old.commented, s0 = s0 + new.s0 - old.s0, s1 = s1 + new.s1 - old.s1, s2 = s2 + new.s2 - old.s2, s3 = s3 + new.s3 - old.s3, s4 = s4 + new.s4 - old.s4, s5 = s5 + new.s5 - old.s5, s6 = s6 + new.s6 - old.s6, s7 = s7 + new.s7 - old.s7, s8 = s8 + new.s8 - old.s8, s9 = s9 + new.s9 - old.s9, s10 = s10 + new.s10 - old.s10
  WHERE survey = new.survey AND segment_path = new.segment_path AND week = date(new.day, '-6 days', 'weekday 1');
END;

CREATE TRIGGER rollup_theme_weeks_on_day_insert AFTER INSERT ON rollup_themes
BEGIN
  INSERT INTO rollup_theme_weeks (survey, segment_path, week, theme, category, comments)
  VALUES (new.survey, new.segment_path, date(new.day, '-6 days', 'weekday 1'), new.theme, new.category, new.comments)
  ON CONFLICT (survey, segment_path, week, theme, category) DO UPDATE SET comments = comments + excluded.comments;
END;

CREATE TRIGGER rollup_theme_weeks_on_day_update AFTER UPDATE OF comments ON rollup_themes
BEGIN
  UPDATE rollup_theme_weeks SET comments = comments + new.comments - old.comments
  WHERE survey = new.survey AND segment_path = new.segment_path AND week = date(new.day, '-6 days', 'weekday 1') AND theme = new.theme AND category = new.category;
END;
