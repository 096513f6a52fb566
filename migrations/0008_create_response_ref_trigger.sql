-- A response written without a public reference (an import, a script, an older Worker) gets one
-- at once, so every staff page, export and paging cursor can name it without its id.
CREATE TRIGGER responses_ref_on_insert AFTER INSERT ON responses WHEN new.ref = ''
BEGIN
  UPDATE responses SET ref = lower(hex(randomblob(8))) WHERE rowid = new.rowid;
END;
