/** Every question of a survey as a respondent reads it in one locale. */
import type { Category } from '@/nps/category';
import type { Locale } from '@/i18n/locales';
import { messages, type MessageKey, type Translate } from '@/i18n/messages';
import type { LocalisedText, Survey } from '@/schemas/survey';

const FOLLOW_UP_KEYS: Record<Category, MessageKey> = {
  detractor: 'followUpDetractor',
  passive: 'followUpPassive',
  promoter: 'followUpPromoter',
};

/**
 * Every question of a survey as a respondent reads it in one locale. A text comes from, in order:
 * the survey's own wording in this locale; the built-in translation; and only for what has no
 * built-in text (the survey's own questions), the survey's default locale.
 */
export function surveyWording(survey: Survey, locale: Locale) {
  const t = messages(locale);
  const own = (text: LocalisedText) => text[locale];
  const lastResort = (text: LocalisedText) => text[locale] ?? text[survey.locale];
  const q = survey.questions;
  return {
    t,
    nps: own(q.nps.text) ?? builtInNpsQuestion(survey, locale, t),
    reason: own(q.reason.text) ?? t('reasonQuestion'),
    followUp: Object.fromEntries(
      (Object.keys(FOLLOW_UP_KEYS) as Category[]).map((c) => [c, own(q.followUp[c]) ?? t(FOLLOW_UP_KEYS[c])]),
    ) as Record<Category, string>,
    extra: q.extra.map((question) => ({
      ...question,
      label: lastResort(question.text)!,
      options: question.type === 'choice' ? question.options.map((o) => ({ id: o.id, label: lastResort(o.label) ?? o.id })) : [],
    })),
  };
}
export type SurveyWording = ReturnType<typeof surveyWording>;

/** About the company, or about a product with the noun its name needs in this locale. */
function builtInNpsQuestion(survey: Survey, locale: Locale, t: Translate) {
  if (!survey.product) return t('npsQuestion', { company: survey.company });
  const noun = survey.product.noun[locale] ?? t('productNoun');
  return t('npsQuestionProduct', { product: noun ? `${noun} ${survey.product.name}` : survey.product.name });
}

/** What a survey page is called: the product it asks about, else the company. */
export function surveyTitle(survey: Survey) {
  return survey.product?.name ?? survey.company;
}

/** The question a field of an answer belongs to ("reason", "answers.effort"), to name it beside an error. */
export function questionAt(wording: SurveyWording, path: string, category?: Category): string | undefined {
  if (path === 'reason') return wording.reason;
  if (path === 'followUp') return category && wording.followUp[category];
  return wording.extra.find((question) => path === `answers.${question.id}`)?.label;
}

/** Where a survey lives: the default locale at /s/<id>/, the others under /<locale>/. */
export function surveyPath(survey: Pick<Survey, 'id' | 'locale'>, locale: string): string {
  return locale === survey.locale ? `/s/${survey.id}/` : `/${locale}/s/${survey.id}/`;
}

export function thanksPath(survey: Pick<Survey, 'id' | 'locale'>, locale: string, responseId: string): string {
  return `${surveyPath(survey, locale)}thanks/?r=${encodeURIComponent(responseId)}`;
}
