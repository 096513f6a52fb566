-- The customer-focus maturity self-test (/maturity/): one row per completed questionnaire, anonymous
-- by design. No IP, no cookie, no token, no timestamp finer than the UTC day: nothing ties a row to
-- a person or a request. The answers are one JSON object {statement id: 1..5} (src/maturity/levels.ts),
-- read with json_each; level is the score the respondent was shown (src/maturity/score.ts).
-- department is optional free text as typed (trimmed); department_key is it case-folded, for grouping.
CREATE TABLE maturity_answers (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  locale TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),
  answers TEXT NOT NULL CHECK (json_valid(answers)),
  department TEXT,
  department_key TEXT,
  CHECK ((department IS NULL) = (department_key IS NULL))
);
CREATE INDEX maturity_answers_by_department ON maturity_answers (department_key, level) WHERE department_key IS NOT NULL;
