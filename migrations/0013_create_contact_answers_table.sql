-- The not-contacted report (README, "GET /api/reports/not-contacted") in index order: each contact's
-- latest answer, to each survey and to any survey (survey ''), with its risk and the contact's last
-- touch. Kept by the triggers below on every write to responses and to contacts.last_touched_at, so
-- a page of the report reads its rows from three index ranges and nothing else.
CREATE TABLE contact_answers (
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  -- '' : the latest answer to any survey.
  survey TEXT NOT NULL,
  response_id TEXT NOT NULL,
  -- 0 detractor, 1 passive, 2 promoter: riskiest first.
  risk INTEGER NOT NULL,
  -- contacts.last_touched_at, -1 for never (before every touch, which is from 2000 on).
  touched INTEGER NOT NULL,
  PRIMARY KEY (contact_id, survey)
) WITHOUT ROWID;
CREATE INDEX contact_answers_by_risk ON contact_answers (survey, risk, touched, contact_id);

-- Every trigger recomputes the pairs (contact, survey) and (contact, '') it touches from the contact's
-- answers (responses_by_contact: a few index rows), so an insert, an amended score, a moved or a
-- deleted answer all leave the latest one. Link answers (no contact) cost nothing.
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

-- A touch moves contacts.last_touched_at (touches_last_touch, migration 0011); the report follows.
CREATE TRIGGER contact_answers_after_touch AFTER UPDATE OF last_touched_at ON contacts
BEGIN
  UPDATE contact_answers SET touched = coalesce(new.last_touched_at, -1) WHERE contact_id = new.id;
END;

-- The answers so far.
INSERT INTO contact_answers (contact_id, survey, response_id, risk, touched)
SELECT l.contact_id, p.survey, l.id, CASE l.category WHEN 'detractor' THEN 0 WHEN 'passive' THEN 1 ELSE 2 END, coalesce(c.last_touched_at, -1)
FROM (SELECT DISTINCT contact_id, survey FROM responses WHERE contact_id IS NOT NULL
      UNION SELECT DISTINCT contact_id, '' FROM responses WHERE contact_id IS NOT NULL) AS p
JOIN responses AS l ON l.id = (SELECT id FROM responses WHERE contact_id = p.contact_id AND (p.survey = '' OR survey = p.survey) ORDER BY created_at DESC, id DESC LIMIT 1)
JOIN contacts AS c ON c.id = l.contact_id;
