-- A person known by the CRM's id and, from a helpdesk, by e-mail alone is one person for
-- unsubscribing and throttling: invitations look contacts up by e-mail too.
CREATE INDEX contacts_by_email ON contacts (email);

-- The response id is the respondent's capability to amend the answer, so staff pages and exports
-- show this public reference instead: 64 random bits as 16 hex digits, set by the Worker on insert.
ALTER TABLE responses ADD COLUMN ref TEXT NOT NULL DEFAULT '';
UPDATE responses SET ref = lower(hex(randomblob(8)));

-- The response rate is the share of the invitations sent in a period that were answered (at any
-- time since): the rollup counts each invitation when its answer is first folded, on the day it was sent.
ALTER TABLE rollup_invitations ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
-- Backfill: every invitation answer folded so far, at every level of its segment path.
INSERT INTO rollup_invitations (survey, segment_path, parent_path, level, day, invitations, answered)
SELECT l.survey, p.value,
       CASE WHEN json_array_length(p.value) = 0 THEN NULL ELSE json_remove(p.value, '$[#-1]') END,
       json_array_length(p.value), strftime('%Y-%m-%d', i.created_at / 1000, 'unixepoch'), 0, count(*)
FROM rollup_ledger AS l
JOIN responses AS r ON r.id = l.response_id
JOIN invitations AS i ON i.id = r.invitation_id
JOIN json_each(l.paths) AS p
WHERE true
GROUP BY l.survey, p.value, strftime('%Y-%m-%d', i.created_at / 1000, 'unixepoch')
ON CONFLICT (survey, segment_path, day) DO UPDATE SET answered = excluded.answered;
