-- People a survey can be sent to, as the CRM or helpdesk knows them.
-- contact_key is 'ext:<externalId>' when the caller has its own id, else 'email:<lower-case email>'.
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  contact_key TEXT NOT NULL UNIQUE,
  external_id TEXT,
  email TEXT,
  name TEXT,
  locale TEXT,
  unsubscribed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
