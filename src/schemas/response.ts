/** What a respondent sends: one shape from the JSON API, the no-JS form and the JS-enhanced page (forms are normalised to it first, in functions/api/body.ts). */
import { z } from 'zod';
import { CATEGORIES, MAX_SCORE, MIN_SCORE } from '@/nps/category';
import { localeSchema, type ExtraQuestion, type Survey } from './survey';
import { commentText, lineText, optionalLineText, withoutControls } from './text';

export const REASON_MAX = 2000;
export const SEGMENT_VALUE_MAX = 120;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** A response's public ref (functions/db/ids.ts): 16 hex digits, the last 8 its rowid since migration 0031. */
export const REF_PATTERN = /^[0-9a-f]{16}$/;
export const IDEMPOTENCY_KEY_MAX = 128;

/** A segment value (a department, a person …), wherever it comes from: an answer, an invitation, a filter. */
export const segmentValueSchema = lineText(SEGMENT_VALUE_MAX);

/** The Idempotency-Key header, stored with the response: kept exactly as sent. */
export const idempotencyKeySchema = withoutControls(
  z.string().min(1, 'must not be empty').max(IDEMPOTENCY_KEY_MAX, `must be at most ${IDEMPOTENCY_KEY_MAX} characters`),
);

/** Form fields arrive as strings: accept "7" as 7, but never "", "7.5" or "seven". */
export function integerFrom(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d{1,3}\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: `must be an integer from ${min} to ${max}` })
      .int(`must be an integer from ${min} to ${max}`)
      .min(min, `must be an integer from ${min} to ${max}`)
      .max(max, `must be an integer from ${min} to ${max}`),
  );
}

export const scoreSchema = integerFrom(MIN_SCORE, MAX_SCORE);

export const submissionSchema = z
  .object({
    score: scoreSchema,
    reason: commentText(REASON_MAX),
    followUp: commentText(REASON_MAX),
    answers: z.record(z.string(), z.unknown()).default({}),
    locale: localeSchema.optional(),
    invitation: z.string().regex(TOKEN_PATTERN, 'is not a valid invitation token').optional(),
    segments: z.record(z.string(), segmentValueSchema).default({}),
    // Honeypot: hidden from people, filled in by naive bots.
    website: z.string().max(0, 'must be empty').optional(),
  })
  .strict();
export type Submission = z.infer<typeof submissionSchema>;

/** The follow-up a respondent adds on the thank-you page, amending their own response. */
export const amendmentSchema = z
  .object({
    followUp: commentText(REASON_MAX),
    answers: z.record(z.string(), z.unknown()).default({}),
    // The thank-you page's language, for where a form post lands next.
    locale: localeSchema.optional(),
  })
  .strict();
export type Amendment = z.infer<typeof amendmentSchema>;

function answerSchema(question: ExtraQuestion) {
  switch (question.type) {
    case 'csat':
      return integerFrom(1, 5);
    case 'ces':
      return integerFrom(1, 7);
    case 'choice': {
      const ids = question.options.map((o) => o.id);
      return z.enum(ids as [string, ...string[]], { error: `must be one of ${ids.join(', ')}` });
    }
    case 'text':
      return optionalLineText(question.maxLength);
  }
}

/** answers.<id> checked against the survey's own questions; unknown ids are refused. */
export function answersSchemaFor(survey: Survey) {
  const shape: Record<string, z.ZodType> = {};
  for (const question of survey.questions.extra) {
    // An empty form control means "not answered".
    const answer = z.preprocess((v) => (v === '' ? undefined : v), answerSchema(question));
    shape[question.id] = question.required ? answer : answer.optional();
  }
  return z.object(shape).strict();
}

/** Schemas are built once per survey, not per request (building a zod schema is not free). */
function cachedPerSurvey<T>(build: (survey: Survey) => T) {
  const cache = new WeakMap<Survey, T>();
  return (survey: Survey): T => {
    let schema = cache.get(survey);
    if (!schema) cache.set(survey, (schema = build(survey)));
    return schema;
  };
}

/** The submission as this survey accepts it: its locales, its questions, its segment dimensions. */
export const submissionSchemaFor = cachedPerSurvey((survey: Survey) => {
  const segments: Record<string, z.ZodOptional<typeof segmentValueSchema>> = {};
  for (const dimension of survey.segments) segments[dimension] = segmentValueSchema.optional();
  return submissionSchema.extend({
    answers: answersSchemaFor(survey).default({}),
    locale: z.enum(survey.locales as [string, ...string[]], { error: `must be one of ${survey.locales.join(', ')}` }).optional(),
    segments: z.object(segments).strict().default({}),
  });
});

export const amendmentSchemaFor = cachedPerSurvey((survey: Survey) =>
  amendmentSchema.extend({ answers: answersSchemaFor(survey).partial().default({}) }),
);

export const categorySchema = z.enum(CATEGORIES);

/** 201 reply to a submission. */
export const submissionReceiptSchema = z.object({ id: z.string(), category: categorySchema });
