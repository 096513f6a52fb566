/** The maturity self-test's answers in D1: one anonymous row per questionnaire, read back only in aggregate. */
import type { MaturityAnswers } from '@/maturity/score';
import type { MaturityResultLevel } from '@/maturity/levels';
import { dayOf } from '@/report/days';

export interface MaturityRow {
  locale: string;
  level: MaturityResultLevel;
  answers: MaturityAnswers;
  department?: { label: string; key: string };
}

/** One row: the day (no time), the locale, the level, the answers and the department, and nothing that points to a person. */
export async function recordMaturity(db: D1Database, row: MaturityRow, now = Date.now()) {
  await db
    .prepare('INSERT INTO maturity_answers (day, locale, level, answers, department, department_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
    .bind(dayOf(now), row.locale, row.level, JSON.stringify(row.answers), row.department?.label ?? null, row.department?.key ?? null)
    .run();
}

export interface MaturityCounts {
  levels: { level: number; n: number }[];
  statements: { statement: string; answer: number; n: number }[];
  departments: { key: string; label: string; level: number; n: number }[];
}

/** The largest departments shown; free text could otherwise make the list (and the page) unbounded. */
export const MAX_DEPARTMENTS = 50;

/**
 * Everything /results/maturity shows, in one batch of three GROUP BY reads whatever the number of
 * answers: at most 6 level rows, 12 × 5 statement rows and 50 departments × 6 levels. Each read
 * scans the table; at one row per employee that stays small. Departments under `floor` answers are not read.
 */
export async function readMaturityCounts(db: D1Database, floor: number): Promise<MaturityCounts> {
  const [levels, statements, departments] = await db.batch([
    db.prepare('SELECT level, count(*) AS n FROM maturity_answers GROUP BY level'),
    db.prepare(
      `SELECT j.key AS statement, j.value AS answer, count(*) AS n
       FROM maturity_answers, json_each(maturity_answers.answers) AS j GROUP BY j.key, j.value`,
    ),
    db
      .prepare(
        `WITH shown AS (
           SELECT department_key FROM maturity_answers WHERE department_key IS NOT NULL
           GROUP BY department_key HAVING count(*) >= ?1 ORDER BY count(*) DESC, department_key LIMIT ?2)
         SELECT m.department_key AS key, min(m.department) AS label, m.level, count(*) AS n
         FROM maturity_answers AS m JOIN shown USING (department_key) GROUP BY m.department_key, m.level`,
      )
      .bind(floor, MAX_DEPARTMENTS),
  ]);
  return {
    levels: levels!.results as MaturityCounts['levels'],
    statements: statements!.results as MaturityCounts['statements'],
    departments: departments!.results as MaturityCounts['departments'],
  };
}
