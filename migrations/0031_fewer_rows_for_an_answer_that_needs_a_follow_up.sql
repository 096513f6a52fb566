-- Fewer rows written by an answer that needs a follow-up (README, "Performance"): it wrote three entries in
-- the follow-up queue's partial indexes of migrations 0011 and 0012; from here one, and none for its ref;
-- and its alert two rows, from here one (below).
-- - The list, one survey or all, reads one index, (survey, created_at, ref): one survey's items are a
--   range of it in the list's order; all surveys merge each survey's first page (functions/db/follow-ups.ts).
-- - A ref names its row: 8 random hex digits, then the rowid in 8 (the trigger below, and the answer's
--   insert in functions/db/responses.ts), so the item page finds it by rowid. Refs made before keep their
--   entry, in an index that holds only a ref not ending in its own rowid: links already sent still work.
DROP INDEX responses_to_follow_up_by_time;
DROP INDEX responses_to_follow_up;
DROP INDEX responses_to_follow_up_by_ref;
CREATE INDEX responses_to_follow_up ON responses (survey, created_at, ref)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));
CREATE INDEX responses_to_follow_up_by_random_ref ON responses (ref)
  WHERE (category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL)))
    AND substr(ref, 9) <> printf('%08x', rowid);

-- An answer written without a ref (an import, the demo seed) gets one of the new kind.
DROP TRIGGER responses_ref_on_insert;
CREATE TRIGGER responses_ref_on_insert AFTER INSERT ON responses WHEN new.ref = ''
BEGIN
  UPDATE responses SET ref = lower(hex(randomblob(4))) || printf('%08x', new.rowid) WHERE rowid = new.rowid;
END;

-- An alert is keyed by its delivery id (X-NPS-Delivery, which receivers dedupe on), and that id is its
-- response's ref from here: stable, one per response, and not the response id (the respondent's
-- capability); one row, where keyed by its response with a unique index on its id it was two. A ref
-- names its row, so an alert's response is found from its id. Alerts raised before keep their random
-- ids (22 characters, never 16), and only they are in alerts_raised_before_0031, by their response:
-- the answer's batch reads it so a response that alerted before never alerts again, and so does erasure.
-- Rebuilt as migration 0027 did, with D1's foreign keys on: the old tables renamed aside, children first,
-- the new ones made and filled, the old ones dropped children first, when nothing references them.
PRAGMA defer_foreign_keys = on;
ALTER TABLE alert_deliveries RENAME TO alert_deliveries_0030;
ALTER TABLE alerts RENAME TO alerts_0030;
DROP INDEX alerts_not_enqueued;
DROP INDEX alert_deliveries_undelivered;

CREATE TABLE alerts (
  -- The delivery id receivers see in X-NPS-Delivery, and the key of its deliveries: the response's ref.
  id TEXT NOT NULL PRIMARY KEY,
  -- Deleting a response (erasure) takes its alert and deliveries with it; a message still queued is then dropped.
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  survey TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  enqueued_at INTEGER
) WITHOUT ROWID;
-- In the new key's order: appended to its B-tree, not inserted all over it (random ids).
INSERT INTO alerts (id, response_id, survey, created_at, enqueued_at)
SELECT id, response_id, survey, created_at, enqueued_at FROM alerts_0030 ORDER BY id;
CREATE INDEX alerts_not_enqueued ON alerts (created_at) WHERE enqueued_at IS NULL;
CREATE INDEX alerts_raised_before_0031 ON alerts (response_id) WHERE length(id) <> 16;

-- As migration 0027 made it.
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
INSERT INTO alert_deliveries SELECT * FROM alert_deliveries_0030;
CREATE INDEX alert_deliveries_undelivered ON alert_deliveries (updated_at) WHERE status <> 'delivered';

DROP TABLE alert_deliveries_0030;
DROP TABLE alerts_0030;
