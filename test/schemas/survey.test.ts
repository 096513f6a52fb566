import { describe, expect, it } from 'vitest';
import { listSurveys, loadSurveys } from '@/survey/catalog';
import { RESERVED_SURVEY_IDS } from '@/schemas/survey';

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

  it('keeps answers for ever unless retentionDays says how many days', () => {
    expect(load(VALID)().get('pulse')!.retentionDays).toBeUndefined();
    expect(load(`${VALID}retentionDays: 365\n`)().get('pulse')!.retentionDays).toBe(365);
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
    ['a retention of no days', `${VALID}retentionDays: 0\n`, 'retentionDays'],
    ['a retention of part of a day', `${VALID}retentionDays: 1.5\n`, 'retentionDays'],
    ['a goal path deeper than the segment dimensions', `${VALID}segments: [team, squad]\ntargets: { "Support/Tier 1/Eva": 50 }\n`, 'targets'],
    ['a goal path with an empty part', `${VALID}targets: { "Support/": 50 }\n`, 'targets'],
    ['a goal outside −100…100', `${VALID}targets: { "": 101 }\n`, 'targets'],
    ['both the old target and targets', `${VALID}target: 40\ntargets: { "Support": 45 }\n`, 'target'],
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

  it('takes goals by segment path, including a team nobody has answered for yet', () => {
    const source = `${VALID}targets: { "": 40, "Support": 45, "Support/Tier 1": 50, "Sales/New team": 10 }\n`;
    expect(load(source)().get('pulse')!.targets).toEqual({ '': 40, Support: 45, 'Support/Tier 1': 50, 'Sales/New team': 10 });
    expect(load(VALID)().get('pulse')!.targets).toEqual({});
  });

  it('still takes the deprecated target: N, as the whole survey\'s goal', () => {
    const survey = load(`${VALID}target: 40\n`)().get('pulse')!;
    expect(survey.targets).toEqual({ '': 40 });
    expect('target' in survey).toBe(false);
  });

  it('names the path and the dimensions when a goal path is too deep', () => {
    const source = `${VALID}segments: [team, squad]\ntargets: { "Support/Tier 1/Eva": 50 }\n`;
    expect(load(source)).toThrow('targets.Support/Tier 1/Eva: "Support/Tier 1/Eva" has 3 parts, more than the 2 segment dimensions (team / squad)');
    expect(load(`${VALID}target: 40\ntargets: { "": 45 }\n`)).toThrow('target: give either target (deprecated) or targets, not both');
  });

  it('refuses an id that is the name of a results page, and reserves the name of every such page', () => {
    expect(load(VALID.replace('id: pulse', 'id: follow-ups'), 'follow-ups')).toThrow(/id: must not be the name of a results page/);
    // Every page directly under /results/ (a file or a folder other than [survey]) hides a survey of its name.
    const pages = Object.keys(import.meta.glob('/src/pages/results/**/*.astro'))
      .map((path) => path.slice('/src/pages/results/'.length).split('/')[0]!.replace(/\.astro$/, ''))
      .filter((name) => name !== 'index' && !name.startsWith('['));
    expect([...new Set(pages)].sort()).toEqual([...RESERVED_SURVEY_IDS].sort());
  });

  it('refuses a file whose id is not its file name', () => {
    expect(load(VALID, 'other')).toThrow(/id "pulse" must match the file name "other"/);
  });
});
