/**
 * The one rule for text from outside: no control characters. A field that is not a comment
 * (segment values, ids, touchpoints, names, short answers, keys) is one line of printable text;
 * a comment (reason, follow-up) may also break lines and hold tabs.
 */
import { z } from 'zod';

export const CONTROL_MESSAGE = 'must not contain control characters (line breaks, tabs and the like)';

// Refused everywhere: C0 and C1 controls and DEL, the Unicode line and paragraph separators, and
// lone surrogates (\p{Cs} under /u), which cannot even be stored as UTF-8. None is text a person
// types into a field; each can break a CSV cell, a log line, a JSON consumer or a page.
const PRINTABLE = /^[^\x00-\x1F\x7F-\x9F\u2028\u2029\p{Cs}]*$/u;
// A comment keeps tabs and newlines (\n) and nothing else of the above.
const COMMENT = /^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\p{Cs}]*$/u;
// Every way of breaking a line (a form's CR LF, a word processor's VT or U+2028 …) becomes \n,
// so a pasted paragraph is kept rather than refused.
const LINE_BREAK = /\r\n?|[\v\f\x85\u2028\u2029]/g;

/** The rule on any string schema: no control characters. */
export const withoutControls = (schema: z.ZodString) => schema.regex(PRINTABLE, CONTROL_MESSAGE);

/** One line of text, required: trimmed, 1 to `max` characters. */
export function lineText(max: number) {
  return withoutControls(
    z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`),
  );
}

/** One line of text where empty means "not answered". */
export function optionalLineText(max: number) {
  return withoutControls(z.string({ error: 'must be text' }).max(max, `must be at most ${max} characters`))
    .transform((text) => text.trim() || undefined)
    .optional();
}

/** A comment: line breaks made \n, trimmed, tabs and newlines its only controls; empty means "not answered". */
export function commentText(max: number) {
  return z
    .string({ error: 'must be text' })
    .max(max, `must be at most ${max} characters`)
    .transform((text) => text.replace(LINE_BREAK, '\n').trim())
    .pipe(z.string().regex(COMMENT, CONTROL_MESSAGE))
    .transform((text) => text || undefined)
    .optional();
}
