-- Themes over time are each theme's share of the COMMENTS in a week or month, so the rollup counts
-- the answers with a comment (hasComment in src/report/comments.ts: a reason or a follow-up) per
-- survey × path × day × score, and the ledger keeps whether each folded answer had one, so an
-- edit that adds or removes its comment moves the count as it moves the answer.
ALTER TABLE rollup_ledger ADD COLUMN commented INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_days ADD COLUMN commented INTEGER NOT NULL DEFAULT 0;

-- Backfill the ledger: an answer had a comment when it has one now, or when it was folded with a
-- theme (its text erased since, which never refolds it). A comment erased without any theme is
-- no longer known and counts as none. An answer edited since its last fold is refolded by the
-- next run, which takes out what the ledger says here and adds what it has then.
UPDATE rollup_ledger SET commented = 1
WHERE themes <> '[]'
   OR response_id IN (SELECT id FROM responses WHERE reason IS NOT NULL OR follow_up IS NOT NULL);

-- Backfill the days from the ledger, at every level of each answer's segment path.
INSERT INTO rollup_days (survey, segment_path, parent_path, level, day, score, answers, invited, commented)
SELECT l.survey, p.value,
       CASE WHEN json_array_length(p.value) = 0 THEN NULL ELSE json_remove(p.value, '$[#-1]') END,
       json_array_length(p.value), l.day, l.score, 0, 0, count(*)
FROM rollup_ledger AS l
JOIN json_each(l.paths) AS p
WHERE l.commented = 1
GROUP BY l.survey, p.value, l.day, l.score
ON CONFLICT (survey, segment_path, day, score) DO UPDATE SET commented = excluded.commented;
