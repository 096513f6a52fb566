-- The weekly digest (README, "Alerts"): one per open survey and week, written by the digest's Cron
-- Trigger and delivered through the ALERTS queue like an alert. `body` is the digest as JSON
-- (src/digest/digest.ts), what each target's payload is built from; `week_to` the week's last day
-- (YYYY-MM-DD, src/report/days.ts). The unique key makes a second run in the same week send nothing.
CREATE TABLE digests (
  id TEXT PRIMARY KEY,
  survey TEXT NOT NULL,
  week_to TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body)),
  created_at INTEGER NOT NULL,
  UNIQUE (survey, week_to)
);

-- Every delivery of a digest to a target, as alert_deliveries records an alert's.
CREATE TABLE digest_deliveries (
  digest_id TEXT NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
  target TEXT NOT NULL CHECK (target IN ('slack', 'webhook')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'retrying', 'delivered', 'dead')),
  tries INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (digest_id, target)
) WITHOUT ROWID;

-- What /results/alerts lists: deliveries not made (yet), newest first. Partial, so a delivered
-- one leaves the index and the page reads the few that matter however many were delivered.
CREATE INDEX alert_deliveries_undelivered ON alert_deliveries (updated_at) WHERE status <> 'delivered';
CREATE INDEX digest_deliveries_undelivered ON digest_deliveries (updated_at) WHERE status <> 'delivered';
