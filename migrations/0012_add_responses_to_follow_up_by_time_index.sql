-- The follow-up queue across all surveys, newest first (README, "Follow-ups"): read in order from this
-- index, written for the answers that need a follow-up only, as the two of 0011. One statement per
-- page, whatever the number of surveys (D1 allows only 5 terms in a compound SELECT, so no branch per survey).
CREATE INDEX responses_to_follow_up_by_time ON responses (created_at, ref)
  WHERE category = 'detractor' OR (category = 'passive' AND (reason IS NOT NULL OR follow_up IS NOT NULL));
