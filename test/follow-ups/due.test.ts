import { describe, expect, it } from 'vitest';
import { addDays } from '@/report/days';
import { dueDay, lastAnswerDayDueBy } from '@/follow-ups/due';

// 2026-11-23 is a Monday.
describe('a follow-up is due 2 working days after the answer', () => {
  it.each([
    ['2026-11-23', '2026-11-25'], // Mon → Wed
    ['2026-11-24', '2026-11-26'], // Tue → Thu
    ['2026-11-25', '2026-11-27'], // Wed → Fri
    ['2026-11-26', '2026-11-30'], // Thu → Mon
    ['2026-11-27', '2026-12-01'], // Fri → Tue
    ['2026-11-28', '2026-12-01'], // Sat → Tue
    ['2026-11-29', '2026-12-01'], // Sun → Tue
    ['2026-12-31', '2027-01-04'], // Thu → Mon across the year
  ])('answered %s, due %s', (answered, due) => {
    expect(dueDay(answered)).toBe(due);
  });

  it('"due by a day" is "answered by the last day due then", for every day of two years', () => {
    for (let day = '2026-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
      const last = lastAnswerDayDueBy(day);
      expect(dueDay(last) <= day).toBe(true);
      expect(dueDay(addDays(last, 1)) > day).toBe(true);
    }
  });
});
