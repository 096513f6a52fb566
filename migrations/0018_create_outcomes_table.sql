-- What became of a contact, as the CRM reports it (POST /api/contacts/outcomes): churned, renewed,
-- or revenue with an amount. One row per contact, type and day, so a report sent twice is one
-- outcome (a second report the same day replaces the first: the CRM's latest word counts).
CREATE TABLE outcomes (
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('churned', 'renewed', 'revenue')),
  -- Calendar day (UTC) of `at`, YYYY-MM-DD: the idempotency key's day.
  day TEXT NOT NULL,
  at INTEGER NOT NULL,
  amount REAL,
  currency TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (contact_id, type, day)
) WITHOUT ROWID;
