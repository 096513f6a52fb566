import type { Category } from '../nps/category';
import type { Locale } from '../i18n/locales';
import { messages, type MessageKey } from '../i18n/messages';
import type { LocalisedText, Survey } from '../schemas/survey';

/** The survey's own wording in this locale, else its default locale's, else the built-in text. */
function pick(text: LocalisedText, locale: Locale, fallbackLocale: Locale): string | undefined {
  return text[locale] ?? text[fallbackLocale];
}

const FOLLOW_UP_KEYS: Record<Category, MessageKey> = {
  detractor: 'followUpDetractor',
  passive: 'followUpPassive',
  promoter: 'followUpPromoter',
};

/** Every question of a survey as a respondent reads it in one locale. */
export function surveyWording(survey: Survey, locale: Locale) {
  const t = messages(locale);
  const own = (text: LocalisedText) => pick(text, locale, survey.locale);
  const q = survey.questions;
  return {
    t,
    nps: own(q.nps.text) ?? t('npsQuestion', { company: survey.company }),
    reason: own(q.reason.text) ?? t('reasonQuestion'),
    followUp: Object.fromEntries(
      (Object.keys(FOLLOW_UP_KEYS) as Category[]).map((c) => [c, own(q.followUp[c]) ?? t(FOLLOW_UP_KEYS[c])]),
    ) as Record<Category, string>,
    extra: q.extra.map((question) => ({
      ...question,
      label: own(question.text)!,
      options: question.type === 'choice' ? question.options.map((o) => ({ id: o.id, label: own(o.label) ?? o.id })) : [],
    })),
  };
}
export type SurveyWording = ReturnType<typeof surveyWording>;

/** Where a survey lives: the default locale at /s/<id>/, the others under /<locale>/. */
export function surveyPath(survey: Pick<Survey, 'id' | 'locale'>, locale: string): string {
  return locale === survey.locale ? `/s/${survey.id}/` : `/${locale}/s/${survey.id}/`;
}

export function thanksPath(survey: Pick<Survey, 'id' | 'locale'>, locale: string, responseId: string): string {
  return `${surveyPath(survey, locale)}thanks/?r=${encodeURIComponent(responseId)}`;
}
