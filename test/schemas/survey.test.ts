import { describe, expect, it } from 'vitest';
import { listSurveys, loadSurveys } from '@/survey/catalog';

const VALID = `
id: pulse
kind: transactional
company: Acme
industry: banking
`;

function load(source: string, file = 'pulse') {
  return () => loadSurveys({ [`src/content/surveys/${file}.yaml`]: source });
}

describe('survey files', () => {
  it('the shipped surveys are valid: a relationship demo in every locale and a transactional example', () => {
    const surveys = listSurveys();
    const demo = surveys.find((s) => s.id === 'demo')!;
    expect(demo.kind).toBe('relationship');
    expect(demo.locales).toEqual(['en', 'sv', 'da', 'pl', 'de', 'nb', 'fi']);
    expect(surveys.some((s) => s.kind === 'transactional' && s.status === 'open')).toBe(true);
  });

  it('fills in the defaults: open, 90 throttle days, department → function → person', () => {
    const survey = load(VALID)().get('pulse')!;
    expect(survey).toMatchObject({ status: 'open', throttleDays: 90, locale: 'en', segments: ['department', 'function', 'person'] });
    expect(survey.locales).toHaveLength(7);
  });

  it.each([
    ['a missing kind', VALID.replace('kind: transactional\n', ''), 'kind'],
    ['an unknown kind', VALID.replace('transactional', 'weekly'), 'kind'],
    ['an industry outside the benchmark table', VALID.replace('banking', 'mining'), 'industry'],
    ['a default locale not among its locales', `${VALID}locale: sv\nlocales: [en, de]\n`, 'locales'],
    ['a locale we do not translate', `${VALID}locales: [en, xx]\n`, 'locales.1'],
    ['an unknown field', `${VALID}colour: blue\n`, 'colour'],
    ['a repeated segment dimension', `${VALID}segments: [team, team]\n`, 'segments'],
    ['a negative throttle', `${VALID}throttleDays: -1\n`, 'throttleDays'],
    [
      'an own question without text in the default locale',
      `${VALID}questions:\n  extra:\n    - id: effort\n      type: ces\n      text: { sv: Hur lätt? }\n`,
      'questions.extra.0.text.en',
    ],
    [
      'a choice with one option',
      `${VALID}questions:\n  extra:\n    - id: plan\n      type: choice\n      text: { en: Plan? }\n      options: [{ id: a, label: { en: A } }]\n`,
      'questions.extra.0.options',
    ],
  ])('refuses %s, naming the file and the field', (_name, source, field) => {
    expect(load(source)).toThrow('src/content/surveys/pulse.yaml');
    expect(load(source)).toThrow(new RegExp(`\\b${field.replace(/\./g, '\\.')}\\b`));
  });

  it('refuses a file whose id is not its file name', () => {
    expect(load(VALID, 'other')).toThrow(/id "pulse" must match the file name "other"/);
  });
});
