import { describe, expect, it } from 'vitest';
import { loadSurveys } from '@/survey/catalog';
import { dueSlot } from '@/waves/schedule';

const RELATIONSHIP = `
id: pulse
kind: relationship
company: Acme
industry: banking
`;
const load = (source: string) => () => loadSurveys({ 'src/content/surveys/pulse.yaml': source }).get('pulse')!;
const at = (iso: string) => Date.parse(iso);

describe('waves in a survey file', () => {
  it('a relationship survey declares them as in the README; the date is a day, written bare in YAML', () => {
    const survey = load(`${RELATIONSHIP}waves: { every: "6 months", start: 2026-03-01, reminderAfterDays: 7 }\n`)();
    expect(survey.waves).toEqual({ every: '6 months', start: '2026-03-01', reminderAfterDays: 7 });
    expect(load(`${RELATIONSHIP}waves: { every: 1 year, start: "2026-01-15", reminderAfterDays: 60 }\n`)().waves!.every).toBe('1 year');
  });

  it.each([
    ['every in weeks', 'every: "6 weeks", start: 2026-03-01, reminderAfterDays: 7', 'waves.every'],
    ['every in words', 'every: "half a year", start: 2026-03-01, reminderAfterDays: 7', 'waves.every'],
    ['every over five years', 'every: "61 months", start: 2026-03-01, reminderAfterDays: 7', 'waves.every'],
    ['a day that does not exist', 'every: "6 months", start: 2026-02-30, reminderAfterDays: 7', 'waves.start'],
    ['a reminder after 0 days', 'every: "6 months", start: 2026-03-01, reminderAfterDays: 0', 'waves.reminderAfterDays'],
    ['a reminder after 61 days', 'every: "6 months", start: 2026-03-01, reminderAfterDays: 61', 'waves.reminderAfterDays'],
    ['an unknown field', 'every: "6 months", start: 2026-03-01, reminderAfterDays: 7, reminders: 2', 'waves'],
  ])('refuses %s, naming the field', (_, waves, path) => {
    expect(load(`${RELATIONSHIP}waves: { ${waves} }\n`)).toThrow(`src/content/surveys/pulse.yaml: ${path}`);
  });

  it('refuses waves on a transactional survey', () => {
    const transactional = RELATIONSHIP.replace('relationship', 'transactional');
    expect(load(`${transactional}waves: { every: "6 months", start: 2026-03-01, reminderAfterDays: 7 }\n`)).toThrow('waves: only a relationship survey sends waves');
  });
});

describe('the slot that is due', () => {
  const schedule = { every: '6 months', start: '2026-03-01' };
  it.each([
    ['2026-02-28T23:59:59Z', undefined],
    ['2026-03-01T00:00:00Z', '2026-03-01'],
    ['2026-08-31T23:59:59Z', '2026-03-01'],
    ['2026-09-01T00:00:00Z', '2026-09-01'],
    ['2027-02-28T12:00:00Z', '2026-09-01'],
    ['2029-03-01T08:00:00Z', '2029-03-01'],
  ])('at %s: %s', (now, slot) => {
    expect(dueSlot(schedule, at(now))).toBe(slot);
  });

  it('counts whole years and single months too', () => {
    expect(dueSlot({ every: '1 year', start: '2026-03-01' }, at('2028-02-29T00:00:00Z'))).toBe('2027-03-01');
    expect(dueSlot({ every: '1 month', start: '2026-01-15' }, at('2026-04-14T00:00:00Z'))).toBe('2026-03-15');
  });
});
