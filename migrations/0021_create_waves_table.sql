-- Recurring waves of a relationship survey (README, "E-mail invitations", "Waves"): one row per wave,
-- started by the survey file's schedule or by the API, sent by the Cron run in batches of contacts.
CREATE TABLE waves (
  id TEXT PRIMARY KEY,
  survey TEXT NOT NULL,
  -- 1, 2, 3 … within the survey.
  number INTEGER NOT NULL,
  due TEXT NOT NULL CHECK (due IN ('schedule', 'api')),
  -- The schedule's day (YYYY-MM-DD) a 'schedule' wave is for; NULL for a wave started by the API.
  slot TEXT,
  started_at INTEGER NOT NULL,
  -- Where the mails' links point: PUBLIC_URL, else the address the API was called on.
  origin TEXT NOT NULL,
  -- The wave's people: the contacts with an e-mail up to this contacts.rowid when it started.
  last_contact INTEGER NOT NULL,
  -- contacts.rowid invited so far: each Cron run invites the next batch after it.
  cursor INTEGER NOT NULL DEFAULT 0,
  -- Contacts not invited (inviteRecipients' outcomes), counted once per batch as the cursor moves.
  throttled INTEGER NOT NULL DEFAULT 0,
  unsubscribed INTEGER NOT NULL DEFAULT 0,
  finished_at INTEGER,
  -- invitations.rowid examined for a reminder so far, and when every invitation of the wave has been.
  reminder_cursor INTEGER NOT NULL DEFAULT 0,
  reminded_at INTEGER,
  UNIQUE (survey, number),
  UNIQUE (survey, slot)
);
-- One wave of a survey sends at a time: a second start while one is sending is refused (API 409,
-- the schedule waits), also between overlapping Cron runs.
CREATE UNIQUE INDEX waves_sending ON waves (survey) WHERE finished_at IS NULL;
-- The Cron run's work: waves still sending or with reminders to examine.
CREATE INDEX waves_open ON waves (reminded_at, started_at);

-- An invitation sent by a wave names it: per-wave counts are index ranges, never scans.
ALTER TABLE invitations ADD COLUMN wave TEXT REFERENCES waves(id);
CREATE INDEX invitations_by_wave ON invitations (wave) WHERE wave IS NOT NULL;
CREATE INDEX outbox_by_wave ON outbox (wave, kind, status) WHERE wave IS NOT NULL;
