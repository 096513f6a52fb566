import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/i18n/locales';
import { STATEMENT_IDS } from '@/maturity/levels';
import { maturityText } from '@/maturity/text';

const en = maturityText('en');
/** Every string of a locale's wording, flattened. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

describe.each(LOCALES)('the maturity self-test in %s', (locale) => {
  const t = maturityText(locale);

  it('words every statement, the five-point scale, six levels and 3 to 5 activities for each level to reach', () => {
    expect(Object.keys(t.statements).sort()).toEqual([...STATEMENT_IDS].sort());
    expect(new Set(t.scale).size).toBe(5);
    expect(t.levels).toHaveLength(6);
    expect(t.activities).toHaveLength(5);
    for (const steps of t.activities) {
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps.length).toBeLessThanOrEqual(5);
    }
    for (const text of strings(t)) expect(text.trim()).not.toBe('');
  });

});

describe.each(LOCALES.filter((locale) => locale !== 'en'))('the maturity self-test in %s, against English', (locale) => {
  it('writes nothing as English does', () => {
    const english = new Set(strings(en));
    expect(strings(maturityText(locale)).filter((text) => english.has(text))).toEqual([]);
  });
});
