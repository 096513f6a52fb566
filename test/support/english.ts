// Finds English UI text (src/i18n/en.ts) on a page meant for another locale.
import en from '@/i18n/en';
import { messages, type MessageKey } from '@/i18n/messages';
import type { Locale } from '@/i18n/locales';

/**
 * Strings a locale rightly writes exactly as English does: Danish and Norwegian "Send", German
 * "optional". Each entry is checked to be identical (test/i18n/english-free.test.ts), so it can
 * never hide an untranslated string; everything else English is refused.
 */
export const SAME_AS_ENGLISH: Partial<Record<Locale, MessageKey[]>> = {
  da: ['submit', 'send', 'followUpSubmit'],
  nb: ['submit', 'send', 'followUpSubmit'],
  de: ['optional'],
};

/** The literal parts of every English string, split at its {placeholders}. */
function fragments(keys: MessageKey[]) {
  return keys.flatMap((key) =>
    en[key]
      .split(/\{\w+\}/)
      .map((part) => part.trim())
      .filter((part) => /\p{L}/u.test(part))
      .map((text) => ({ key, text })),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a person (or a screen reader, or /survey.js) gets from a page: its text and the attributes that hold words. */
export function readableText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:title|alt|aria-label|placeholder|value|data-[\w-]+)="([^"]*)"/g)].map((m) => m[1]);
  const text = html.replace(/<[^>]*>/g, ' ');
  return [text, ...attributes]
    .join('\n')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The English UI strings found on a page in `locale` ("Send" does not match inside "Senden"). */
export function englishOn(html: string, locale: Locale): string[] {
  if (locale === 'en') return [];
  const allowed = new Set(SAME_AS_ENGLISH[locale] ?? []);
  const text = readableText(html);
  return fragments((Object.keys(en) as MessageKey[]).filter((key) => !allowed.has(key)))
    .filter(({ text: english }) => new RegExp(`(?<!\\p{L})${escapeRegExp(english)}(?!\\p{L})`, 'u').test(text))
    .map(({ key, text: english }) => `${key}: "${english}"`);
}

/** The label a screen reader reads for each button of the 0–10 scale, in order. */
export function scaleLabels(html: string): string[] {
  return [...html.matchAll(/name="score" value="\d+"[^>]*>.*?<span class="sr">(.*?)<\/span>/gs)].map((m) => readableText(m[1]!).replace(/\s+/g, ' ').trim());
}

/** What those labels must say in `locale`: the locale's own "{score} out of 10", and the ends named. */
export function expectedScaleLabels(locale: Locale): string[] {
  const t = messages(locale);
  const format = new Intl.NumberFormat(locale);
  return Array.from({ length: 11 }, (_, score) => {
    const label = t('scoreLabel', { score: format.format(score) });
    return score === 0 ? `${label}, ${t('scaleLow')}` : score === 10 ? `${label}, ${t('scaleHigh')}` : label;
  });
}
