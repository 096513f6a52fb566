-- Fewer rows written by an answer that needs a follow-up (README, "Performance"): it wrote three entries in
-- the follow-up queue's partial indexes of migrations 0011 and 0012; from here one, and none for its ref.
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
