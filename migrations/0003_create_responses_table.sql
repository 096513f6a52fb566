-- One answer to a survey. The id is unguessable: whoever holds it (the respondent's thank-you
-- page) may add the follow-up answer. One response per invitation: answering again updates it.
CREATE TABLE responses (
  id TEXT PRIMARY KEY,
  survey TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  category TEXT NOT NULL CHECK (category IN ('detractor', 'passive', 'promoter')),
  reason TEXT,
  follow_up TEXT,
  answers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
  segments TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(segments)),
  locale TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('link', 'invitation')),
  invitation_id TEXT UNIQUE REFERENCES invitations(id),
  contact_id TEXT REFERENCES contacts(id),
  -- A client's Idempotency-Key: a retried submission returns the first one instead of a copy.
  idempotency_key TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Change number, max + 1 on every insert or update: increases in commit order (D1 has one
  -- writer), unlike clocks, so the incremental rollup never skips a late write.
  revision INTEGER NOT NULL
);
CREATE INDEX responses_by_survey ON responses (survey, created_at);
-- The scheduled rollup reads what changed since its last run.
CREATE UNIQUE INDEX responses_by_revision ON responses (revision);
