/** Answers: POST a response and PATCH its follow-up, from the API and from the survey pages' plain forms. */
import { Hono, type Context } from 'hono';
import { amendmentSchema, amendmentSchemaFor, scoreSchema, submissionReceiptSchema, submissionSchema, TOKEN_PATTERN } from '@/schemas/response';
import type { Survey } from '@/schemas/survey';
import { categorise } from '@/nps/category';
import { isLocale, type Locale } from '@/i18n/locales';
import { questionAt, surveyPath, surveyWording, thanksPath } from '@/survey/wording';
import { amendResponse, type AmendOutcome } from '../collect/amend';
import { recordSubmission } from '../collect/record';
import { afterAnswer, alertTargets } from '../alerts/enqueue';
import { surveyParam, wantsHtml as acceptsHtml, type SurveyEnv } from '../http/survey';
import { isBody, limitBody, MAX_ANSWER_BYTES, readBody, segmentsFromQuery, type Body } from './body';
import { invalidFormPage, localeOf, messagePage, retryFormPage } from './html';
import { closedSurvey, issuesOf, problem, type Issue } from './problems';
import { component, describeRoute, json, pathParam, problemReply, type DescribeRouteOptions } from './describe';

type Ctx = Context<SurveyEnv>;

/**
 * 410 closed, 429 rate limited: checked before the answer is validated (the survey middleware
 * answered 404 already). A browser's plain form gets a page in the language of the page that
 * posted (`urlLocale`, or the form's locale field).
 */
async function openSurvey(c: Ctx, urlLocale?: string): Promise<Survey | Response> {
  const survey = c.var.survey;
  if (survey.status === 'closed') {
    return wantsHtml(c) ? c.html(messagePage(await postedLocale(c, survey, urlLocale), 'closedTitle', 'closedBody'), 410) : closedSurvey(c);
  }
  const limiter = c.env.RESPONSE_LIMITER;
  if (limiter) {
    const ip = c.req.header('cf-connecting-ip') ?? 'local';
    const { success } = await limiter.limit({ key: `${ip}|${survey.id}` });
    if (!success) {
      c.header('Retry-After', '60');
      return wantsHtml(c)
        ? c.html(messagePage(await postedLocale(c, survey, urlLocale), 'tooManyTitle', 'tooManyBody'), 429)
        : problem(c, 429, 'Too many answers from this address, try again in a minute');
    }
  }
  return survey;
}

/** The language of the page that posted: its form's locale field, else its URL's, else the survey's. */
async function postedLocale(c: Ctx, survey: Survey, urlLocale?: string) {
  const body = await readBody(c);
  const field = isBody(body) && isRecord(body.fields) ? body.fields.locale : undefined;
  return localeOf(isLocale(field) ? field : urlLocale, survey.locale);
}

const wantsHtml = (c: Ctx) => acceptsHtml(c.req.header('accept'));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Form fields as strings, to put an answer back into a retry form. */
function flatFields(fields: unknown): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(isRecord(fields) ? fields : {})) {
    if (typeof value === 'string') out.push([key, value]);
    else if (value && typeof value === 'object' && (key === 'answers' || key === 'segments')) {
      for (const [inner, v] of Object.entries(value)) if (typeof v === 'string') out.push([`${key}.${inner}`, v]);
    }
  }
  return out;
}

async function submit(c: Ctx, context: { locale?: string; linkSegments?: boolean }) {
  const survey = await openSurvey(c, context.locale);
  if (survey instanceof Response) return survey;
  const body = await readBody(c);
  if (!isBody(body)) return body;
  const fields = withContext(body, survey, c.req.url, context);
  const locale = localeOf(isRecord(fields) ? fields.locale : undefined, survey.locale);
  const html = body.format === 'form' && wantsHtml(c);

  let recorded;
  try {
    recorded = await recordSubmission(c.env.DB, survey, fields, {
      idempotencyKey: c.req.header('idempotency-key'),
      alertToSend: alertTargets(c.env).length > 0,
    });
  } catch (error) {
    // Without JavaScript the page cannot keep the answer: hand it back in a form for another try.
    if (html) {
      console.error('answer not stored, handed back to the respondent', error);
      c.header('Retry-After', '5');
      return c.html(retryFormPage(locale, new URL(c.req.url).pathname + new URL(c.req.url).search, flatFields(fields)), 503);
    }
    throw error;
  }
  if (!recorded.ok) {
    const score = scoreSchema.safeParse(isRecord(fields) ? fields.score : undefined);
    const wording = surveyWording(survey, locale);
    const questionOf = (path: string) => questionAt(wording, path, score.success ? categorise(score.data) : undefined);
    return invalid(c, recorded.issues, html, locale, surveyPath(survey, locale), questionOf);
  }
  await afterAnswer(c, recorded.alert);
  if (body.format === 'form') return c.redirect(thanksPath(survey, recorded.locale, recorded.id), 303);
  return c.json({ id: recorded.id, category: recorded.category }, 201);
}

function invalid(c: Ctx, issues: Issue[], html: boolean, locale: Locale, backTo: string, questionOf?: (path: string) => string | undefined) {
  return html ? c.html(invalidFormPage(locale, issues, backTo, questionOf), 400) : problem(c, 400, 'Invalid answer', issues);
}

/** The survey page's own URL tells its locale and, for anonymous links, its segments. */
function withContext(body: Body, survey: Survey, url: string, context: { locale?: string; linkSegments?: boolean }) {
  if (!isRecord(body.fields)) return body.fields;
  const fields = body.fields;
  if (!context.linkSegments) return context.locale ? { ...fields, locale: context.locale } : fields;
  const segments = isRecord(fields.segments) ? fields.segments : {};
  return {
    ...fields,
    ...(context.locale ? { locale: context.locale } : {}),
    segments: { ...segmentsFromQuery(url, survey.segments), ...segments },
  };
}

async function amend(c: Context<SurveyEnv, '/:survey/responses/:id'>) {
  const survey = await openSurvey(c);
  if (survey instanceof Response) return survey;
  const id = c.req.param('id');
  const body = await readBody(c);
  if (!isBody(body)) return body;
  const parsed = amendmentSchemaFor(survey).safeParse(body.fields, { reportInput: true });
  const locale = localeOf(parsed.data?.locale, survey.locale);
  const html = body.format === 'form' && wantsHtml(c);
  if (!parsed.success) return invalid(c, issuesOf(parsed.error), html, locale, thanksPath(survey, locale, id));
  const outcome: AmendOutcome = TOKEN_PATTERN.test(id)
    ? await amendResponse(c.env.DB, survey, id, parsed.data, { alertToSend: alertTargets(c.env).length > 0 })
    : { ok: false, reason: 'unknown', issues: [{ path: 'id', code: 'response.unknown', message: 'no such response in this survey' }] };
  if (!outcome.ok) {
    const refusal = AMEND_REFUSALS[outcome.reason];
    return html
      ? c.html(messagePage(locale, refusal.title, refusal.body), refusal.status)
      : problem(c, refusal.status, refusal.error, outcome.issues);
  }
  await afterAnswer(c, outcome.alert);
  if (body.format === 'form') return c.redirect(`${thanksPath(survey, locale, id)}&done=1`, 303);
  return c.json({ id, updated: outcome.updated }, 200);
}

/** A refused amendment: the status and reason for scripts, a page in the respondent's language for a form. */
const AMEND_REFUSALS = {
  unknown: { status: 404, error: 'Unknown response', title: 'answerNotFoundTitle', body: 'notFoundBody' },
  'too-late': { status: 410, error: 'Too late to amend this response', title: 'amendTooLateTitle', body: 'amendTooLateBody' },
  answered: { status: 409, error: 'Already answered', title: 'amendKeptTitle', body: 'amendKeptBody' },
} as const;

const limit = limitBody(MAX_ANSWER_BYTES);
const survey = surveyParam({ formPages: true });

const submission = describeRoute({
  summary: 'Record an answer (JSON, or a form that is answered with 303 to the thank-you page)',
  parameters: [pathParam('survey'), { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 } }],
  requestBody: {
    required: true,
    content: { ...json(component('Submission', submissionSchema)), 'application/x-www-form-urlencoded': { schema: { type: 'object' } } },
  },
  responses: {
    201: { description: 'Stored', content: json(component('SubmissionReceipt', submissionReceiptSchema, 'output')) },
    303: { description: 'Form post stored; Location is the thank-you page' },
    400: problemReply('A field is invalid; issues name each one'),
    404: problemReply('Unknown survey'),
    410: problemReply('Survey closed'),
    413: problemReply('Body over 16 KB'),
    415: problemReply('Not JSON or a form'),
    429: problemReply('Rate limited (per address and survey)'),
    503: problemReply('Storage unavailable; retry after Retry-After seconds'),
  },
});

const amendment = {
  summary: "Add the follow-up and answers missing from one's own response, within 24 hours (the id is its capability)",
  parameters: [pathParam('survey'), pathParam('id')],
  requestBody: { required: true, content: json(component('Amendment', amendmentSchema)) },
  responses: {
    200: {
      description: 'Added (updated: false when every field already held the same answer)',
      content: json({ type: 'object', properties: { id: { type: 'string' }, updated: { type: 'boolean' } } }),
    },
    400: problemReply('Invalid'),
    404: problemReply('Unknown response'),
    409: problemReply('A field already holds another answer; nothing was changed'),
    410: problemReply('More than 24 hours after the answer, or the survey is closed'),
  },
} satisfies DescribeRouteOptions;

/** The survey API: mounted at /api/surveys. A plain form cannot send PATCH: the thank-you page's follow-up form posts the same fields. */
export const responses = new Hono<SurveyEnv>()
  .post('/:survey/responses', submission, limit, survey, (c) => submit(c, {}))
  .patch('/:survey/responses/:id', describeRoute(amendment), limit, survey, amend)
  .post('/:survey/responses/:id', describeRoute({ ...amendment, summary: `${amendment.summary}; the same as PATCH, for a plain form` }), limit, survey, amend);

/** Survey pages post back to their own URL, so link parameters survive without JavaScript. */
export const surveyForms = new Hono<SurveyEnv>()
  .post('/s/:survey/', limit, survey, (c) => submit(c, { linkSegments: true }))
  .post(
    '/:locale/s/:survey/',
    limit,
    async (c, next) => {
      const locale = c.req.param('locale');
      if (!isLocale(locale)) return problem(c, 404, 'Unknown locale', [{ path: 'locale', code: 'locale.invalid', message: `no locale "${locale}"` }]);
      await next();
    },
    survey,
    (c) => submit(c, { locale: c.req.param('locale') as Locale, linkSegments: true }),
  );
