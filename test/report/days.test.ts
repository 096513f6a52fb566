import { describe, expect, it } from 'vitest';
import { DAY_MS, dayOf } from '@/report/days';

describe('dayOf', () => {
  it('gives the UTC day of a timestamp or date, as toISOString does, however often it is asked', () => {
    const times = [0, -1, -0.5, DAY_MS - 1, DAY_MS, -DAY_MS, -DAY_MS - 0.5, Date.UTC(2026, 10, 27, 23, 59, 59, 999), Date.UTC(2024, 1, 29), 8.64e15];
    for (let round = 0; round < 2; round++) {
      for (const time of times) expect(dayOf(time)).toBe(new Date(time).toISOString().slice(0, 10));
      expect(dayOf(new Date(Date.UTC(2026, 0, 1, 12)))).toBe('2026-01-01');
    }
    expect(dayOf(-1)).toBe('1969-12-31');
    expect(dayOf(-0.5)).toBe('1970-01-01');
  });

  it('throws on a time no date has, as toISOString does', () => {
    expect(() => dayOf(Number.NaN)).toThrow(RangeError);
    expect(() => dayOf(8.64e15 + 1)).toThrow(RangeError);
  });
});
