/** The text of one locale by key, with {placeholders} filled in. */
import en from './en';
import sv from './sv';
import da from './da';
import pl from './pl';
import de from './de';
import nb from './nb';
import fi from './fi';
import type { Locale } from './locales';

export type MessageKey = keyof typeof en;
/** Every locale translates every key of the English reference. */
export type Messages = Record<MessageKey, string>;

const MESSAGES: Record<Locale, Messages> = { en, sv, da, pl, de, nb, fi };

/** The UI strings of a locale, with {placeholders} filled in. */
export function messages(locale: Locale) {
  const table = MESSAGES[locale];
  return (key: MessageKey, values: Record<string, string | number> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
export type Translate = ReturnType<typeof messages>;
