import { describe, expect, it } from 'vitest';
import en from '@/i18n/en';
import { LOCALES } from '@/i18n/locales';
import { messages, type MessageKey } from '@/i18n/messages';
import { englishOn, SAME_AS_ENGLISH } from '../support/english';

const KEYS = Object.keys(en) as MessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Read the raw table through messages(): with no values, placeholders stay as written. */
const raw = (locale: (typeof LOCALES)[number], key: MessageKey) => messages(locale)(key);

describe('the UI strings of every locale', () => {
  it.each(LOCALES)('%s: every string is written, with the same placeholders as English', (locale) => {
    for (const key of KEYS) {
      // productNoun is empty where a product's name needs no noun before it.
      if (key !== 'productNoun') expect(raw(locale, key), key).not.toBe('');
      expect(placeholders(raw(locale, key)), key).toEqual(placeholders(en[key]));
    }
  });

  it.each(Object.entries(SAME_AS_ENGLISH))('%s: each string allowed to match English is in fact the same word', (locale, keys) => {
    for (const key of keys) expect(raw(locale as (typeof LOCALES)[number], key), key).toBe(en[key]);
  });

  it('the English check finds an untranslated string, and not a word inside a longer one', () => {
    expect(englishOn('<p>Please check your answer</p>', 'sv')).toEqual(['invalidTitle: "Please check your answer"']);
    expect(englishOn('<form data-retry="We could not send your answer. It is still here: please try again."></form>', 'fi')).toHaveLength(1);
    expect(englishOn('<span class="sr">3 out of 10</span>', 'pl')).toEqual(['scoreLabel: "out of 10"']);
    expect(englishOn('<button>Senden</button>', 'de')).toEqual([]);
    expect(englishOn('<button>Send</button>', 'da')).toEqual([]);
    expect(englishOn('<button>Send</button>', 'pl')).toEqual(['submit: "Send"', 'send: "Send"', 'followUpSubmit: "Send"']);
  });
});
