-- Closing the loop (README, "Follow-ups"). An answer needs a follow-up when it is a detractor's, or
-- a passive's with a comment. Nothing is written with the answer: until someone acts on it, such an
-- answer is a `new` item, due 2 working days after it, read through the partial indexes below
-- (written for those answers only, so a promoter's answer costs no extra index entry).
CREATE INDEX responses_to_follow_up ON responses (survey, created_at)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));
CREATE INDEX responses_to_follow_up_by_ref ON responses (ref)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));

-- The follow-up of one answer, from the first change staff make to it. It keeps the answer's public
-- ref, so the item is still found if the answer is later amended to a score that needs none.
CREATE TABLE follow_ups (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  ref TEXT NOT NULL UNIQUE,
  survey TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'resolved', 'no-action')),
  owner TEXT,
  -- Calendar day, YYYY-MM-DD (src/report/days.ts).
  due TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX follow_ups_by_survey ON follow_ups (survey, status, due);
CREATE INDEX follow_ups_by_owner ON follow_ups (owner, status);

-- Who changed what and when: one row per changed field (status, owner, note, due). `actor` is the
-- Cloudflare Access e-mail, or 'admin' for a token login. A note lives only here.
CREATE TABLE follow_up_history (
  id INTEGER PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES follow_ups(response_id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('status', 'owner', 'note', 'due')),
  value TEXT
);
CREATE INDEX follow_up_history_by_response ON follow_up_history (response_id, at);

-- A call, meeting, case or follow-up with a contact, as the CRM reports it (POST /api/contacts/touches)
-- or as a follow-up's status change records it. The key makes a report sent twice one touch.
CREATE TABLE touches (
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  note TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (contact_id, at, channel)
) WITHOUT ROWID;

-- A contact's latest touch, kept with the contact so "not contacted for 90 days" reads one index.
ALTER TABLE contacts ADD COLUMN last_touched_at INTEGER;
CREATE INDEX contacts_by_last_touch ON contacts (last_touched_at);
-- Whoever records a touch (the touches API, a follow-up's status change) only inserts it: the
-- contact's latest touch follows here, and a touch reported late never moves it back.
CREATE TRIGGER touches_last_touch AFTER INSERT ON touches
BEGIN
  UPDATE contacts SET last_touched_at = max(coalesce(last_touched_at, 0), new.at) WHERE id = new.contact_id;
END;

-- A contact's answers, newest first: the not-contacted report's latest score, and erasure.
-- Partial: link answers (no contact) write no entry.
CREATE INDEX responses_by_contact ON responses (contact_id, created_at) WHERE contact_id IS NOT NULL;

-- Erasure keeps an unsubscribe as a keyed hash of each of the person's contact keys (HMAC-SHA256,
-- hex), so an erased person who had unsubscribed is never invited again.
CREATE TABLE suppressions (
  key_hash TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
