-- Every e-mail the Worker sends (README, "E-mail invitations"): one row per mail, written in the same
-- batch as its invitation ('queued'), claimed by the MAILS consumer ('sending') just before the send,
-- then 'sent', or 'failed' with the error ('bounced' where the service reports it). The mail itself
-- is not stored: it is rendered again from the invitation, the locale and the kind (a few KB, well
-- under D1's 1 MB row), so a preview in the outbox is the template as it stands.
-- Personal data: `recipient` (the address) and `name` are copies of the contact's at the time of
-- sending, and live only here besides contacts: erasing a person deletes their outbox rows
-- (by contact_id, or with the invitation).
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  invitation_id TEXT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  survey TEXT NOT NULL,
  -- 'reminder' and `wave` are for reminders and contact waves, which come later.
  kind TEXT NOT NULL DEFAULT 'invitation' CHECK (kind IN ('invitation', 'reminder')),
  wave TEXT,
  recipient TEXT NOT NULL,
  name TEXT,
  locale TEXT NOT NULL,
  -- Where the links point (PUBLIC_URL, else the address the API was called on).
  origin TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced')),
  tries INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- NULL until the row is on the MAILS queue; the Cron sweep puts rows left so on it.
  enqueued_at INTEGER,
  sent_at INTEGER
);
-- Never twice for one invitation: one mail per invitation, kind and wave.
CREATE UNIQUE INDEX outbox_once ON outbox (invitation_id, kind, coalesce(wave, ''));
-- The outbox page, newest first: all, by survey, by status, by both.
CREATE INDEX outbox_by_time ON outbox (created_at, id);
CREATE INDEX outbox_by_survey ON outbox (survey, created_at, id);
CREATE INDEX outbox_by_status ON outbox (status, created_at, id);
CREATE INDEX outbox_by_contact ON outbox (contact_id);
