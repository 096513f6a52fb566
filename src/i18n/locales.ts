/** The locales a survey page can be shown in. English is the reference for the UI strings. */
export const LOCALES = ['en', 'sv', 'da', 'pl', 'de', 'nb', 'fi'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
