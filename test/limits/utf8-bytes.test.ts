import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../functions/db/d1-limits';

const encoded = (text: string) => new TextEncoder().encode(text).byteLength;

describe('utf8Bytes, which sizes every rollup step against D1 limits', () => {
  it('counts what TextEncoder writes, for every width of character and for lone surrogates', () => {
    const texts = ['', 'plain ASCII', 'Ærø Łódź ß', '東京 €', '😀 emoji 👍🏽', '\uD800 lone high', 'lone low \uDC00', '\uDC00\uD800', 'end \uD83D', '"quotes" \\ \n'];
    for (const text of texts) expect([text, utf8Bytes(text)]).toEqual([text, encoded(text)]);
    expect(utf8Bytes(JSON.stringify({ path: ['Support', 'Tier 1', 'Zoë 😀'] }))).toBe(encoded(JSON.stringify({ path: ['Support', 'Tier 1', 'Zoë 😀'] })));
  });
});
