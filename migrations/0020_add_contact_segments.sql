-- A contact's segments as the CRM imports them (POST /api/contacts): a wave's invitation to the
-- contact carries them, so its answer lands in the right department, function and person.
ALTER TABLE contacts ADD COLUMN segments TEXT NOT NULL DEFAULT '{}';
