/** Comment themes ("put all comments in buckets"): keyword stems per theme, in the survey languages, from src/data/themes.json. */
import { z } from 'zod';
import table from '@/data/themes.json';

/**
 * Comment themes ("put all comments in buckets"): keyword stems per theme, in the survey
 * languages, from src/data/themes.json. A comment can be in several themes, or in none.
 */
const themeSchema = z.object({ label: z.string().min(1), keywords: z.array(z.string().min(2)).min(1) });

export const THEMES: Record<string, z.infer<typeof themeSchema>> = z
  .record(z.string(), themeSchema)
  .parse(Object.fromEntries(Object.entries(table).filter(([key]) => !key.startsWith('$'))));

export const THEME_IDS = Object.keys(THEMES);

// A keyword matches at the start of a word: "ship" finds "shipping", not "relationship".
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MATCHERS = Object.entries(THEMES).map(
  ([id, theme]) => [id, new RegExp(`(^|[^\\p{L}\\p{N}])(${theme.keywords.map(escape).join('|')})`, 'iu')] as const,
);

export function themesOf(...texts: (string | null | undefined)[]): string[] {
  const text = texts.filter(Boolean).join('\n');
  if (!text) return [];
  return MATCHERS.filter(([, pattern]) => pattern.test(text)).map(([id]) => id);
}
