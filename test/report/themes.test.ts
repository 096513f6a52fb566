import { describe, expect, it } from 'vitest';
import { themesOf } from '@/report/themes';

describe('comment themes', () => {
  it.each([
    ['My parcel arrived two weeks late', ['delivery']],
    ['Paketet kom för sent', ['delivery']],
    ['Rechnung falsch, keine Antwort vom Support', ['service', 'billing']],
    ['Szybka dostawa i miła obsługa.', ['delivery', 'service']],
    ['Fine overall, the price could be lower.', ['price']],
    ['OK, but the app is confusing.', ['usability']],
  ])('%j is about %j', (text, themes) => {
    expect(themesOf(text).sort()).toEqual([...themes].sort());
  });

  it('matches keywords at the start of words only', () => {
    expect(themesOf('Our relationship is great')).toEqual([]);
    expect(themesOf('Happy with the mapping')).toEqual([]);
  });

  it('reads the reason and the follow-up together, and nothing from no text', () => {
    expect(themesOf('Slow', 'The invoice was wrong')).toEqual(['billing']);
    expect(themesOf(null, undefined)).toEqual([]);
  });
});
