/** What a person types in the comments search, made into an FTS5 query that cannot misfire. */

/** At most this many characters in ?q= (the form's maxlength): at most 100 words for FTS5. */
export const SEARCH_MAX_LENGTH = 200;

/**
 * Letters the unicode61 tokenizer does not fold (no Unicode decomposition), spelled as people
 * type them without the key. migrations/0005 folds the indexed text the same way.
 */
export const EXTRA_FOLDS: Record<string, string> = { æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', ß: 'ss', ẞ: 'ss' };

/** Words shorter than this match whole words only; longer ones also match as a prefix. */
const PREFIX_FROM = 3;

const unfolded = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'gu');
const fold = (text: string) => text.replace(unfolded, (c) => EXTRA_FOLDS[c]!);
/** A word as unicode61 sees one: letters, digits and the marks that go with them. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Every word of the query as a quoted FTS5 string, so AND, OR, NOT, NEAR, *, ^, quotes,
 * parentheses and column filters (reason:) are searched as plain words, and punctuation only
 * separates words. All words must occur; words of 3+ characters also match as a prefix
 * ("forsinkelse" finds "forsinkelsen"). Null when there is no word in it.
 */
export function matchExpression(q: string): string | null {
  const words = fold(q).match(WORD);
  if (!words) return null;
  return words.map((word) => `"${word}"${[...word].length >= PREFIX_FROM ? '*' : ''}`).join(' ');
}

/** The ?q= value, trimmed; an error naming q when it is longer than the search accepts. */
export function searchText(raw: string | null): { q: string | undefined } | { error: string } {
  const q = raw?.trim() || undefined;
  if (q && [...q].length > SEARCH_MAX_LENGTH) return { error: `q must be at most ${SEARCH_MAX_LENGTH} characters` };
  return { q };
}
