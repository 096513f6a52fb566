/** What the maturity self-test's form sends (answers.<statement>=1..5, an optional department): the one schema the Worker validates with. */
import { z } from 'zod';
import { STATEMENT_IDS, type StatementId } from '@/maturity/levels';
import { integerFrom } from './response';
import { localeSchema } from './survey';
import { optionalLineText } from './text';

/** Free text, trimmed; grouped case-folded on the results (departmentKey). */
export const DEPARTMENT_MAX = 80;

const agreement = integerFrom(1, 5);

export const maturitySubmissionSchema = z.strictObject({
  // Every statement is required; a missing `answers` reports each statement, not the group.
  answers: z.preprocess(
    (value) => value ?? {},
    z.strictObject(Object.fromEntries(STATEMENT_IDS.map((id) => [id, agreement])) as Record<StatementId, typeof agreement>),
  ),
  department: optionalLineText(DEPARTMENT_MAX),
  locale: localeSchema,
});
export type MaturitySubmission = z.infer<typeof maturitySubmissionSchema>;

/** How departments are grouped: "Support", " support " and "SUPPORT" are one department. */
export const departmentKey = (department: string) => department.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
