/** The edge's 4xx replies: { error, issues } with stable codes, and the refusals every route shares. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ISSUE_CODES, type Issue, type IssueCode } from '@/schemas/problem';
import { CONTROL_MESSAGE } from '@/schemas/text';

export type { Issue, IssueCode };

/** Fields whose every problem has one code, whatever the check that failed. */
const FIELD_CODES: Record<string, IssueCode> = {
  locale: 'locale.invalid',
  invitation: 'invitation.invalid',
  // The honeypot: nothing a bot could learn from.
  website: 'invalid',
};

/**
 * The stable code of a validation issue, from what failed and where. "Missing" needs the input:
 * parse with `{ reportInput: true }`. Any check not known here (a new rule) is "invalid".
 */
export function codeOf(issue: z.core.$ZodIssue): IssueCode {
  if (issue.code === 'unrecognized_keys') return 'field.unknown';
  // A refinement names its own code: .refine(check, { params: { code } }).
  if (issue.code === 'custom' && ISSUE_CODES.includes(issue.params?.code)) return issue.params!.code as IssueCode;
  const field = String(issue.path[0] ?? '');
  if (Object.hasOwn(FIELD_CODES, field)) return FIELD_CODES[field]!;
  const missing = issue.code === 'invalid_type' && (issue.input === undefined || issue.input === '');
  if (field === 'score') return missing ? 'score.required' : 'score.invalid';
  const answer = field === 'answers' && issue.path.length > 1;
  if (answer && missing) return 'answer.required';
  if (issue.code === 'too_big' && issue.origin === 'string') return 'text.too_long';
  if (issue.code === 'invalid_format' && issue.message === CONTROL_MESSAGE) return 'text.control';
  if (issue.code === 'invalid_type' && issue.expected === 'string') return 'text.invalid';
  return answer ? 'answer.invalid' : 'invalid';
}

/** A field-level problem, as every 4xx reply lists them: { path: "answers.effort", code, message }. */
export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    // zod reports unknown keys on the parent object; name the keys themselves.
    if (issue.code === 'unrecognized_keys') {
      return { path: [...path, issue.keys.join(', ')].join('.'), code: 'field.unknown', message: 'is not a known field' };
    }
    return { path: path.join('.'), code: codeOf(issue), message: issue.message };
  });
}

/** A 4xx JSON reply: { error, issues }. */
export function problem(c: Context, status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429, error: string, issues: Issue[] = []) {
  return c.json({ error, issues }, status);
}

/** 404 for a survey id the catalogue does not hold, wherever the id came from. */
export function unknownSurvey(c: Context, id: string) {
  return problem(c, 404, 'Unknown survey', [{ path: 'survey', code: 'survey.unknown', message: `no survey "${id}"` }]);
}

/** 410 for a closed survey: it takes no more answers or invitations. */
export function closedSurvey(c: Context) {
  return problem(c, 410, 'This survey is closed', [{ path: 'survey', code: 'survey.closed', message: 'no longer accepts answers' }]);
}

/** The 401 body, for the admin API and the internal routes alike: which header to send, and no data. */
export const CREDENTIALS_REQUIRED = {
  error: 'Missing or wrong credentials',
  issues: [{ path: 'Authorization', code: 'auth.required', message: 'must be "Bearer <ADMIN_TOKEN>"' }],
} as const satisfies { error: string; issues: Issue[] };
