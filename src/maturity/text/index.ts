/** The maturity self-test's wording by locale; each locale is written in its own words, not translated line by line. */
import type { Locale } from '@/i18n/locales';
import type { MaturityText } from './types';
import en from './en';
import sv from './sv';
import da from './da';
import nb from './nb';
import fi from './fi';
import de from './de';
import pl from './pl';

export type { MaturityText };

const TEXT: Record<Locale, MaturityText> = { en, sv, da, nb, fi, de, pl };

export const maturityText = (locale: Locale): MaturityText => TEXT[locale];

/** Fills {placeholders}. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
