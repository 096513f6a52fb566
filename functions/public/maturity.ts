/** The maturity self-test's form posts (/maturity/, /<locale>/maturity/): validate, store anonymously, answer with the result page. */
import { Hono, type Context } from 'hono';
import { isLocale, type Locale } from '@/i18n/locales';
import { STATEMENTS } from '@/maturity/levels';
import { MATURITY_DEFAULT_LOCALE } from '@/maturity/paths';
import { scoreMaturity } from '@/maturity/score';
import { maturityText } from '@/maturity/text';
import { departmentKey, maturitySubmissionSchema } from '@/schemas/maturity';
import type { AppEnv } from '../app';
import { isBody, limitBody, MAX_ANSWER_BYTES, readBody } from '../api/body';
import { invalidFormPage, messagePage, retryFormPage } from '../api/html';
import { issuesOf } from '../api/problems';
import { recordMaturity } from '../db/maturity';
import { maturityResultPage } from './maturity-result';

type Ctx = Context<AppEnv>;

async function answer(c: Ctx, locale: Locale) {
  const own = new URL(c.req.url).pathname;
  // The same limit as the survey answers, keyed by address as they are: the key is never stored.
  const limiter = c.env.RESPONSE_LIMITER;
  if (limiter && !(await limiter.limit({ key: `${c.req.header('cf-connecting-ip') ?? 'local'}|maturity` })).success) {
    c.header('Retry-After', '60');
    return c.html(messagePage(locale, 'tooManyTitle', 'tooManyBody'), 429);
  }
  const body = await readBody(c);
  if (!isBody(body)) return body;
  const fields = typeof body.fields === 'object' && body.fields !== null ? { ...body.fields, locale } : body.fields;
  const parsed = maturitySubmissionSchema.safeParse(fields, { reportInput: true });
  if (!parsed.success) {
    const t = maturityText(locale);
    const statement = (path: string) => STATEMENTS.find((s) => path === `answers.${s.id}`);
    const questionAt = (path: string) => (path === 'department' ? t.department : statement(path) && t.statements[statement(path)!.id]);
    return c.html(invalidFormPage(locale, issuesOf(parsed.error), own, questionAt), 400);
  }
  const { answers, department } = parsed.data;
  const score = scoreMaturity(answers);
  try {
    await recordMaturity(c.env.DB, { locale, level: score.level, answers, department: department ? { label: department, key: departmentKey(department) } : undefined });
  } catch (error) {
    // Without JavaScript the page cannot keep the answers: hand them back for one more press.
    console.error('maturity answers not stored, handed back', error);
    c.header('Retry-After', '5');
    const kept = [...Object.entries(answers).map(([id, value]): [string, string] => [`answers.${id}`, String(value)]), ...(department ? [['department', department] as [string, string]] : [])];
    return c.html(retryFormPage(locale, own, kept), 503);
  }
  return c.html(maturityResultPage(locale, score, own));
}

/** Mounted at /. Public: the questionnaire pages are static, their form posts come here. */
export const maturityForms = new Hono<AppEnv>()
  .post('/maturity/', limitBody(MAX_ANSWER_BYTES), (c) => answer(c, MATURITY_DEFAULT_LOCALE))
  .post('/:locale/maturity/', limitBody(MAX_ANSWER_BYTES), (c) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) return c.html(messagePage('en', 'notFoundTitle', 'notFoundBody'), 404);
    return answer(c, locale);
  });
