-- An alert per response at most (functions/db/responses.ts writes it in the same batch as the answer
-- that first matches the survey's `alerts.when`): an edited answer never raises a second one. The id
-- is the delivery id receivers see in X-NPS-Delivery. enqueued_at stays NULL until the alert is on
-- the ALERTS queue; the scheduled job re-sends any left so (a queue outage loses nothing).
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  -- Deleting a response (erasure) takes its alert and deliveries with it; a message still queued is then dropped.
  response_id TEXT NOT NULL UNIQUE REFERENCES responses(id) ON DELETE CASCADE,
  survey TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  enqueued_at INTEGER
);
CREATE INDEX alerts_not_enqueued ON alerts (created_at) WHERE enqueued_at IS NULL;

-- Every delivery of an alert to a target ('slack' or 'webhook'): its status, how many tries, the
-- last error. 'dead' once the queue gave up (the dead-letter queue's consumer records it).
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
