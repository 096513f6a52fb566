/**
 * A survey file (`src/content/surveys/<id>.yaml`). Written once, used by the content
 * collection (build-time check), the API (runtime catalogue), the pages and the tests.
 */
import { z } from 'zod';
import { LOCALES } from '@/i18n/locales';
import { INDUSTRIES } from '@/data/benchmarks';
import { waveScheduleSchema } from './wave';

export const localeSchema = z.enum(LOCALES);

/** Text by locale; a survey must give at least its default locale (checked below). */
export const localisedTextSchema = z.partialRecord(localeSchema, z.string().trim().min(1).max(500));
export type LocalisedText = z.infer<typeof localisedTextSchema>;

export const SURVEY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** The results site's own pages at /results/<name>: a survey of that id would be hidden behind them. */
export const RESERVED_SURVEY_IDS = ['alerts', 'follow-ups', 'loyalty', 'maturity', 'not-contacted', 'outbox'] as const;
export const QUESTION_ID_PATTERN = /^[a-z][a-zA-Z0-9_]{0,39}$/;
export const SEGMENT_PATTERN = /^[a-z][a-zA-Z0-9_]{0,39}$/;

const questionBase = {
  id: z.string().regex(QUESTION_ID_PATTERN, 'must start with a letter: letters, digits and _ only'),
  text: localisedTextSchema,
  required: z.boolean().default(false),
};

export const extraQuestionSchema = z.discriminatedUnion('type', [
  // Customer satisfaction with one interaction, 1 (very dissatisfied) to 5 (very satisfied).
  z.object({ ...questionBase, type: z.literal('csat') }),
  // Customer effort, 1 (very difficult) to 7 (very easy).
  z.object({ ...questionBase, type: z.literal('ces') }),
  z.object({
    ...questionBase,
    type: z.literal('choice'),
    options: z
      .array(z.object({ id: z.string().regex(QUESTION_ID_PATTERN), label: localisedTextSchema }))
      .min(2)
      .max(12),
  }),
  z.object({ ...questionBase, type: z.literal('text'), maxLength: z.number().int().min(1).max(2000).default(500) }),
]);
export type ExtraQuestion = z.infer<typeof extraQuestionSchema>;

const npsGoal = z.number().int().min(-100).max(100);

/** Why a `targets` key is not a segment path of a survey with these dimensions, or undefined when it is one. */
export function targetPathIssue(path: string, dimensions: readonly string[]): string | undefined {
  if (path === '') return undefined;
  const parts = path.split('/');
  if (parts.some((part) => part.trim() === '')) return `"${path}" has an empty part: segment values joined by "/"`;
  if (parts.length > dimensions.length) {
    return `"${path}" has ${parts.length} parts, more than the ${dimensions.length} segment dimensions (${dimensions.join(' / ')})`;
  }
  return undefined;
}

/** Which answers raise an alert (README, "Alerts"): a category and worse, any comment, or a score at most N. */
export const alertWhenSchema = z.union([
  z.enum(['detractor', 'passive-or-worse', 'commented']),
  z.string().regex(/^score<=(10|[0-9])$/, 'detractor, passive-or-worse, commented or score<=N (N from 0 to 10)'),
]);
export type AlertWhen = z.infer<typeof alertWhenSchema>;

export const surveySchema = z
  .object({
    id: z
      .string()
      .regex(SURVEY_ID_PATTERN, 'lower-case letters, digits and -')
      .refine((id) => !(RESERVED_SURVEY_IDS as readonly string[]).includes(id), `must not be the name of a results page (${RESERVED_SURVEY_IDS.join(', ')})`),
    kind: z.enum(['relationship', 'transactional']),
    // The company's name: "recommend {company}", "invitations from {company}". In pl and fi a noun
    // before it takes the case ("firmę Żabka", "yritystä Żabka"), so it must be a company's name.
    company: z.string().trim().min(1).max(120),
    // Ask about a product instead: its name, and the noun before it where a language needs one
    // (pl accusative, fi partitive: "aplikację", "sovellusta"; built in: "produkt", "tuotetta").
    product: z
      .object({ name: z.string().trim().min(1).max(120), noun: localisedTextSchema.default({}) })
      .strict()
      .optional(),
    locale: localeSchema.default('en'),
    locales: z.array(localeSchema).min(1).default([...LOCALES]),
    industry: z.enum(INDUSTRIES),
    status: z.enum(['open', 'closed']).default('open'),
    // Days before an invited contact may be invited again; 0: no throttle, one invitation per touchpoint.
    throttleDays: z.number().int().min(0).max(3650).default(90),
    segments: z
      .array(z.string().regex(SEGMENT_PATTERN))
      .max(5)
      .default(['department', 'function', 'person']),
    // Goals by segment path ("" the whole survey, "Support", "Support/Tier 1"): see targetPathIssue.
    targets: z.record(z.string(), npsGoal).default({}),
    // Deprecated: `target: N` is `targets: { "": N }`.
    target: npsGoal.optional(),
    alerts: z.object({ when: alertWhenSchema.default('detractor') }).strict().default({ when: 'detractor' }),
    // Below this many answers a segment shows "too few answers": a fair reading of small samples, not anonymity.
    privacyFloor: z.number().int().min(1).max(100).default(5),
    // Erasure and retention (README): the scheduled job erases comments and contact details of
    // answers older than this many days (none by default), after the 24 hours in which an answer may be amended.
    retentionDays: z.number().int().min(1).max(36500).optional(),
    // Recurring waves to every contact (README, "Waves"): relationship surveys only.
    waves: waveScheduleSchema.optional(),
    questions: z
      .object({
        nps: z.object({ text: localisedTextSchema.default({}) }).default({ text: {} }),
        reason: z.object({ text: localisedTextSchema.default({}) }).default({ text: {} }),
        followUp: z
          .object({
            detractor: localisedTextSchema.default({}),
            passive: localisedTextSchema.default({}),
            promoter: localisedTextSchema.default({}),
          })
          .default({ detractor: {}, passive: {}, promoter: {} }),
        extra: z.array(extraQuestionSchema).max(3).default([]),
      })
      .default({
        nps: { text: {} },
        reason: { text: {} },
        followUp: { detractor: {}, passive: {}, promoter: {} },
        extra: [],
      }),
  })
  .strict()
  .superRefine((survey, ctx) => {
    if (!survey.locales.includes(survey.locale)) {
      ctx.addIssue({ code: 'custom', path: ['locales'], message: `must include the default locale "${survey.locale}"` });
    }
    if (new Set(survey.segments).size !== survey.segments.length) {
      ctx.addIssue({ code: 'custom', path: ['segments'], message: 'must not repeat a dimension' });
    }
    if (survey.waves && survey.kind !== 'relationship') {
      ctx.addIssue({ code: 'custom', path: ['waves'], message: 'only a relationship survey sends waves: a transactional one follows its touchpoints' });
    }
    if (survey.target !== undefined && Object.keys(survey.targets).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'give either target (deprecated) or targets, not both' });
    }
    for (const path of Object.keys(survey.targets)) {
      const issue = targetPathIssue(path, survey.segments);
      if (issue) ctx.addIssue({ code: 'custom', path: ['targets', path], message: issue });
    }
    const ids = survey.questions.extra.map((q) => q.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['questions', 'extra', i, 'id'], message: `"${id}" is used twice` });
      }
    });
    // Own questions have no built-in translation: they need at least the default locale.
    survey.questions.extra.forEach((q, i) => {
      if (!q.text[survey.locale]) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', 'extra', i, 'text', survey.locale],
          message: 'is required in the default locale',
        });
      }
    });
  })
  // The deprecated `target` becomes the whole survey's goal, so the rest of the code reads `targets` alone.
  .transform(({ target, ...survey }) => (target === undefined ? survey : { ...survey, targets: { '': target } }));

export type Survey = z.infer<typeof surveySchema>;

/** "questions.extra.0.id: Invalid input" lines, for build errors and the admin. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
