/** What the thank-you page shows (ThanksPage.astro), as its loader (functions/pages/thanks.ts) gives it. */
import type { Locale } from '@/i18n/locales';
import type { Category } from '@/nps/category';
import type { Survey } from '@/schemas/survey';

export interface ThanksProps {
  survey: Survey;
  locale: Locale;
  /** After the follow-up was sent. */
  done: boolean;
  /** The response to amend with a follow-up, when it may still take one. */
  followUp: { responseId: string; category: Category } | null;
}
