-- A person known by the CRM's id and, from a helpdesk, by e-mail alone is one person for
-- unsubscribing and throttling: invitations look contacts up by e-mail too.
CREATE INDEX contacts_by_email ON contacts (email);

-- The response id is the respondent's capability to amend the answer, so staff pages and exports
-- show this public reference instead: 64 random bits as 16 hex digits, set by the Worker on insert.
ALTER TABLE responses ADD COLUMN ref TEXT NOT NULL DEFAULT '';
UPDATE responses SET ref = lower(hex(randomblob(8)));
