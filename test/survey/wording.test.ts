import { describe, expect, it } from 'vitest';
import { surveySchema } from '@/schemas/survey';
import { messages } from '@/i18n/messages';
import { surveyWording } from '@/survey/wording';
import { messagePage } from '../../functions/api/html';

const survey = (fields: Record<string, unknown>) => surveySchema.parse({ id: 'pulse', kind: 'relationship', company: 'Acme', industry: 'groceries', ...fields });

describe('a company name ending in -a stays grammatical in inflected languages', () => {
  // "polecisz Żabka" would need the accusative "Żabkę"; a noun before the name takes the case instead.
  const zabka = survey({ company: 'Żabka' });

  it('Polish: "polecisz firmę Żabka", "od firmy Żabka"', async () => {
    expect(surveyWording(zabka, 'pl').nps).toMatch(/ polecisz firmę Żabka znajomemu /);
    const page = String(await messagePage('pl', 'unsubscribeTitle', 'unsubscribeBody', { company: zabka.company }));
    expect(page).toMatch(/ od firmy Żabka\?/);
    expect(String(await messagePage('pl', 'unsubscribeTitle', 'unsubscribedBody', { company: zabka.company }))).toMatch(/ od firmy Żabka\./);
  });

  it('Finnish: "suosittelisit yritystä Żabka"', () => {
    expect(surveyWording(zabka, 'fi').nps).toMatch(/ suosittelisit yritystä Żabka ystävällesi /);
  });
});

describe('a survey about a product', () => {
  it('names the product, with the built-in noun where the language needs one', () => {
    const app = survey({ product: { name: 'Acme Cloud' } });
    expect(surveyWording(app, 'en').nps).toBe('How likely is it that you would recommend Acme Cloud to a friend or colleague?');
    expect(surveyWording(app, 'sv').nps).toContain('rekommendera Acme Cloud till');
    expect(surveyWording(app, 'pl').nps).toContain('polecisz produkt Acme Cloud znajomemu');
    expect(surveyWording(app, 'fi').nps).toContain('suosittelisit tuotetta Acme Cloud ystävällesi');
    // Never "yritystä" or "firmę" before a product.
    for (const locale of ['pl', 'fi'] as const) expect(surveyWording(app, locale).nps).not.toMatch(/firmę|yritystä/);
  });

  it('takes the survey’s own noun per locale: an app, a service', () => {
    const app = survey({ product: { name: 'Żabka Nano', noun: { pl: 'aplikację', fi: 'sovellusta', de: 'die App' } } });
    expect(surveyWording(app, 'pl').nps).toContain('polecisz aplikację Żabka Nano znajomemu');
    expect(surveyWording(app, 'fi').nps).toContain('suosittelisit sovellusta Żabka Nano ystävällesi');
    expect(surveyWording(app, 'de').nps).toContain('dass Sie die App Żabka Nano einem Freund');
    expect(surveyWording(app, 'sv').nps).toContain('rekommendera Żabka Nano till');
  });

  it('refuses a noun in a locale we do not have, and unknown fields', () => {
    expect(surveySchema.safeParse({ id: 'x', kind: 'relationship', company: 'A', industry: 'banking', product: { name: 'B', noun: { xx: 'y' } } }).success).toBe(false);
    expect(surveySchema.safeParse({ id: 'x', kind: 'relationship', company: 'A', industry: 'banking', product: { name: 'B', colour: 'red' } }).success).toBe(false);
  });
});

describe('which text a page shows: its locale’s own, then built-in, the default locale last', () => {
  const overridden = survey({
    locale: 'en',
    questions: {
      nps: { text: { en: 'After your delivery, would you recommend Acme?', sv: 'Efter leveransen, skulle du rekommendera Acme?' } },
      reason: { text: { en: 'Why that score, in a few words?' } },
      followUp: { promoter: { en: 'What did we get right?' } },
      extra: [
        { id: 'effort', type: 'ces', text: { en: 'How easy was ordering?', pl: 'Jak łatwo było złożyć zamówienie?' } },
        { id: 'plan', type: 'choice', text: { en: 'Which plan?' }, options: [{ id: 'basic', label: { en: 'Basic', pl: 'Podstawowy' } }, { id: 'pro', label: { en: 'Pro' } }] },
      ],
    },
  });

  it('1. the survey’s own text in the page’s locale', () => {
    expect(surveyWording(overridden, 'sv').nps).toBe('Efter leveransen, skulle du rekommendera Acme?');
    expect(surveyWording(overridden, 'pl').extra[0]!.label).toBe('Jak łatwo było złożyć zamówienie?');
  });

  it('2. else the built-in translation, never the default locale’s override', () => {
    const pl = messages('pl');
    const wording = surveyWording(overridden, 'pl');
    expect(wording.nps).toBe(pl('npsQuestion', { company: 'Acme' }));
    expect(wording.reason).toBe(pl('reasonQuestion'));
    expect(wording.followUp.promoter).toBe(pl('followUpPromoter'));
    expect(surveyWording(overridden, 'de').reason).toBe(messages('de')('reasonQuestion'));
  });

  it('3. the default locale’s text only where nothing is built in: the survey’s own questions', () => {
    const wording = surveyWording(overridden, 'pl');
    expect(wording.extra[1]!.label).toBe('Which plan?');
    expect(wording.extra[1]!.options).toEqual([{ id: 'basic', label: 'Podstawowy' }, { id: 'pro', label: 'Pro' }]);
  });

  it('the default locale itself still reads its own overrides', () => {
    const wording = surveyWording(overridden, 'en');
    expect(wording.nps).toBe('After your delivery, would you recommend Acme?');
    expect(wording.followUp.promoter).toBe('What did we get right?');
  });
});
