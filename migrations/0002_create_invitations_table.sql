-- A personal invitation to one survey (insert only: the rollup reads new ones by rowid). The id is the unguessable token in the e-mail links
-- (128 random bits), so it is bound to this survey and this contact.
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  survey TEXT NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  touchpoint TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL,
  segments TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
-- Throttling looks up a contact's latest invitation to a survey.
CREATE INDEX invitations_by_contact ON invitations (contact_id, survey, created_at);
CREATE INDEX invitations_by_survey ON invitations (survey, created_at);
