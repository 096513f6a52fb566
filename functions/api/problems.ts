import type { Context } from 'hono';
import type { z } from 'zod';

/** A field-level problem, as every 4xx reply lists them: { path: "answers.effort", message }. */
export interface Issue {
  path: string;
  message: string;
}

export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    // zod reports unknown keys on the parent object; name the keys themselves.
    if (issue.code === 'unrecognized_keys') {
      return { path: [...path, issue.keys.join(', ')].join('.'), message: 'is not a known field' };
    }
    return { path: path.join('.'), message: issue.message };
  });
}

/** A 4xx JSON reply: { error, issues }. */
export function problem(c: Context, status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429, error: string, issues: Issue[] = []) {
  return c.json({ error, issues }, status);
}
