-- Fewer rows written per answer (README, "Performance"). Two changes that need the tables rebuilt:
-- - responses: the invitation and Idempotency-Key unique constraints become partial unique indexes
--   (WHERE … IS NOT NULL). SQLite indexes a NULL too, so every link answer wrote two index entries
--   that no lookup could ever find. An inline constraint cannot be dropped: the table is rebuilt.
-- - alerts: keyed by its response (WITHOUT ROWID, the response id is the key) with one unique index
--   on the alert's id, the delivery id receivers see in X-NPS-Delivery: an alert is 2 rows, not 3
--   (a rowid table wrote the row, its id's index and its response's index). Ids are copied as they are.
--
-- How it is done with D1's foreign keys on (`PRAGMA foreign_keys` cannot be turned off in D1): a
-- DROP TABLE deletes the rows first, and that delete fires ON DELETE CASCADE on every table that
-- references the dropped one, even with the checks deferred. So nothing new may reference an old
-- table when it is dropped: the old tables (responses and its descendants alerts, alert_deliveries,
-- follow_ups, follow_up_history) are renamed out of the way first, children before parents, which
-- also points the old children at the old parents; the new tables are made under the real names,
-- filled (responses with its rowids: comment_search is keyed by them, and so are the retention
-- sweep's positions), and the old ones dropped children first, when nothing references them.
-- RENAME rewrites views and triggers that name the table and fails on a view that names a missing
-- one, so the comment view and the triggers on responses are dropped first and made again, as they
-- were, at the end. The comment index itself (comment_search) keeps its entries: same rowids, same text.
PRAGMA defer_foreign_keys = on;

DROP VIEW comment_text;
DROP TRIGGER comment_search_after_insert;
DROP TRIGGER comment_search_after_update;
DROP TRIGGER comment_search_before_delete;
DROP TRIGGER comment_search_before_update;
DROP TRIGGER contact_answers_after_delete;
DROP TRIGGER contact_answers_after_insert;
DROP TRIGGER contact_answers_after_update;
DROP TRIGGER response_revision_on_delete;
DROP TRIGGER responses_ref_on_insert;

ALTER TABLE follow_up_history RENAME TO follow_up_history_0026;
ALTER TABLE follow_ups RENAME TO follow_ups_0026;
ALTER TABLE alert_deliveries RENAME TO alert_deliveries_0026;
ALTER TABLE alerts RENAME TO alerts_0026;
ALTER TABLE responses RENAME TO responses_0026;
-- The old indexes keep their names on the renamed tables: drop them now, so the names are free.
DROP INDEX responses_by_survey;
DROP INDEX responses_by_revision;
DROP INDEX responses_to_follow_up;
DROP INDEX responses_to_follow_up_by_ref;
DROP INDEX responses_to_follow_up_by_time;
DROP INDEX responses_by_contact;
DROP INDEX alerts_not_enqueued;
DROP INDEX alert_deliveries_undelivered;
DROP INDEX follow_ups_by_survey;
DROP INDEX follow_ups_by_owner;
DROP INDEX follow_up_history_by_response;

-- As migrations 0003 and 0007 made it, columns in the same order; only the two UNIQUEs are gone.
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
  -- One response per invitation: responses_by_invitation below.
  invitation_id TEXT REFERENCES invitations(id),
  contact_id TEXT REFERENCES contacts(id),
  -- A client's Idempotency-Key: a retried submission returns the first one instead of a copy
  -- (responses_by_idempotency_key below).
  idempotency_key TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Change number, one above the highest ever written (functions/db/responses.ts): increases in
  -- commit order, so the incremental rollup never skips a late write.
  revision INTEGER NOT NULL,
  -- The public reference staff pages and exports show instead of the id (migration 0007).
  ref TEXT NOT NULL DEFAULT ''
);
INSERT INTO responses (rowid, id, survey, score, category, reason, follow_up, answers, segments, locale, channel,
  invitation_id, contact_id, idempotency_key, created_at, updated_at, revision, ref)
SELECT rowid, id, survey, score, category, reason, follow_up, answers, segments, locale, channel,
  invitation_id, contact_id, idempotency_key, created_at, updated_at, revision, ref
FROM responses_0026;

-- Unique where set, and no entry for a link answer or an answer sent without an Idempotency-Key.
-- The answer's upsert names each with this same WHERE (SQLite matches a partial index that way).
CREATE UNIQUE INDEX responses_by_invitation ON responses (invitation_id) WHERE invitation_id IS NOT NULL;
CREATE UNIQUE INDEX responses_by_idempotency_key ON responses (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The others as before (migrations 0003, 0011, 0012).
CREATE INDEX responses_by_survey ON responses (survey, created_at);
CREATE UNIQUE INDEX responses_by_revision ON responses (revision);
CREATE INDEX responses_to_follow_up ON responses (survey, created_at)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));
CREATE INDEX responses_to_follow_up_by_ref ON responses (ref)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));
CREATE INDEX responses_to_follow_up_by_time ON responses (created_at, ref)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));
CREATE INDEX responses_by_contact ON responses (contact_id, created_at) WHERE contact_id IS NOT NULL;

-- An alert per response at most, kept by its key (migration 0010 for the rest).
CREATE TABLE alerts (
  -- The delivery id receivers see in X-NPS-Delivery, and the key of its deliveries.
  id TEXT NOT NULL UNIQUE,
  -- Deleting a response (erasure) takes its alert and deliveries with it; a message still queued is then dropped.
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  survey TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  enqueued_at INTEGER,
  PRIMARY KEY (response_id)
) WITHOUT ROWID;
INSERT INTO alerts (id, response_id, survey, created_at, enqueued_at)
SELECT id, response_id, survey, created_at, enqueued_at FROM alerts_0026;
CREATE INDEX alerts_not_enqueued ON alerts (created_at) WHERE enqueued_at IS NULL;

CREATE TABLE alert_deliveries (
  alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  target TEXT NOT NULL CHECK (target IN ('slack', 'webhook')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'retrying', 'delivered', 'dead')),
  tries INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (alert_id, target)
) WITHOUT ROWID;
INSERT INTO alert_deliveries SELECT * FROM alert_deliveries_0026;
CREATE INDEX alert_deliveries_undelivered ON alert_deliveries (updated_at) WHERE status <> 'delivered';

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
INSERT INTO follow_ups SELECT * FROM follow_ups_0026;
CREATE INDEX follow_ups_by_survey ON follow_ups (survey, status, due);
CREATE INDEX follow_ups_by_owner ON follow_ups (owner, status);

CREATE TABLE follow_up_history (
  id INTEGER PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES follow_ups(response_id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('status', 'owner', 'note', 'due')),
  value TEXT
);
INSERT INTO follow_up_history SELECT * FROM follow_up_history_0026;
CREATE INDEX follow_up_history_by_response ON follow_up_history (response_id, at);

-- Children first: when each is dropped, no table references it, so its implicit delete cascades nowhere.
DROP TABLE follow_up_history_0026;
DROP TABLE follow_ups_0026;
DROP TABLE alert_deliveries_0026;
DROP TABLE alerts_0026;
DROP TABLE responses_0026;

-- The view and triggers of migrations 0005, 0008, 0013 and 0024, word for word.
CREATE TRIGGER comment_search_after_insert AFTER INSERT ON responses BEGIN
  INSERT INTO comment_search (rowid, reason, follow_up)
  SELECT response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = new.rowid;
END;

CREATE TRIGGER comment_search_after_update AFTER UPDATE OF reason, follow_up ON responses BEGIN
  INSERT INTO comment_search (rowid, reason, follow_up)
  SELECT response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = new.rowid;
END;

CREATE TRIGGER comment_search_before_delete BEFORE DELETE ON responses BEGIN
  INSERT INTO comment_search (comment_search, rowid, reason, follow_up)
  SELECT 'delete', response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = old.rowid;
END;

CREATE TRIGGER comment_search_before_update BEFORE UPDATE OF reason, follow_up ON responses BEGIN
  INSERT INTO comment_search (comment_search, rowid, reason, follow_up)
  SELECT 'delete', response_rowid, reason, follow_up FROM comment_text WHERE response_rowid = old.rowid;
END;

CREATE TRIGGER contact_answers_after_delete AFTER DELETE ON responses WHEN old.contact_id IS NOT NULL
BEGIN
  DELETE FROM contact_answers WHERE contact_id = old.contact_id AND survey IN (old.survey, '');
  INSERT INTO contact_answers (contact_id, survey, response_id, risk, touched)
  SELECT l.contact_id, s.value, l.id, CASE l.category WHEN 'detractor' THEN 0 WHEN 'passive' THEN 1 ELSE 2 END, coalesce(c.last_touched_at, -1)
  FROM json_each(json_array(old.survey, '')) AS s
  JOIN responses AS l ON l.id = (SELECT id FROM responses WHERE contact_id = old.contact_id AND (s.value = '' OR survey = s.value) ORDER BY created_at DESC, id DESC LIMIT 1)
  JOIN contacts AS c ON c.id = l.contact_id
  WHERE true
  ON CONFLICT (contact_id, survey) DO UPDATE SET response_id = excluded.response_id, risk = excluded.risk, touched = excluded.touched;
END;

CREATE TRIGGER contact_answers_after_insert AFTER INSERT ON responses WHEN new.contact_id IS NOT NULL
BEGIN
  INSERT INTO contact_answers (contact_id, survey, response_id, risk, touched)
  SELECT l.contact_id, s.value, l.id, CASE l.category WHEN 'detractor' THEN 0 WHEN 'passive' THEN 1 ELSE 2 END, coalesce(c.last_touched_at, -1)
  FROM json_each(json_array(new.survey, '')) AS s
  JOIN responses AS l ON l.id = (SELECT id FROM responses WHERE contact_id = new.contact_id AND (s.value = '' OR survey = s.value) ORDER BY created_at DESC, id DESC LIMIT 1)
  JOIN contacts AS c ON c.id = l.contact_id
  WHERE true
  ON CONFLICT (contact_id, survey) DO UPDATE SET response_id = excluded.response_id, risk = excluded.risk, touched = excluded.touched;
END;

CREATE TRIGGER contact_answers_after_update AFTER UPDATE OF survey, category, contact_id, created_at ON responses
  WHEN old.contact_id IS NOT NULL OR new.contact_id IS NOT NULL
BEGIN
  DELETE FROM contact_answers WHERE contact_id = old.contact_id AND survey IN (old.survey, '');
  INSERT INTO contact_answers (contact_id, survey, response_id, risk, touched)
  SELECT l.contact_id, s.value, l.id, CASE l.category WHEN 'detractor' THEN 0 WHEN 'passive' THEN 1 ELSE 2 END, coalesce(c.last_touched_at, -1)
  FROM (SELECT old.contact_id AS contact_id, old.survey AS survey UNION SELECT new.contact_id, new.survey) AS p
  JOIN json_each(json_array(p.survey, '')) AS s
  JOIN responses AS l ON l.id = (SELECT id FROM responses WHERE contact_id = p.contact_id AND (s.value = '' OR survey = s.value) ORDER BY created_at DESC, id DESC LIMIT 1)
  JOIN contacts AS c ON c.id = l.contact_id
  WHERE true
  ON CONFLICT (contact_id, survey) DO UPDATE SET response_id = excluded.response_id, risk = excluded.risk, touched = excluded.touched;
END;

CREATE TRIGGER response_revision_on_delete BEFORE DELETE ON responses
BEGIN
  UPDATE response_revision SET value = max(value, old.revision) WHERE id = 1;
END;

CREATE TRIGGER responses_ref_on_insert AFTER INSERT ON responses WHEN new.ref = ''
BEGIN
  UPDATE responses SET ref = lower(hex(randomblob(8))) WHERE rowid = new.rowid;
END;

CREATE VIEW comment_text AS
SELECT rowid AS response_rowid,
  replace(replace(replace(replace(replace(replace(replace(replace(reason,
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Ł', 'l'), 'ł', 'l'), 'ẞ', 'ss'), 'ß', 'ss') AS reason,
  replace(replace(replace(replace(replace(replace(replace(replace(follow_up,
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Ł', 'l'), 'ł', 'l'), 'ẞ', 'ss'), 'ß', 'ss') AS follow_up
FROM responses
WHERE reason IS NOT NULL OR follow_up IS NOT NULL;

