import { describe, expect, it } from 'vitest';
import { byDay, splitByMonths } from '@/report/month-split';

const range = (from: string, to: string) => ({ from, to });
// Data over several years, so only the range decides.
const WIDE = range('2000-01-01', '2199-12-31');

describe('a period split into edge days and whole months', () => {
  it('reads a range of whole months by month alone', () => {
    expect(splitByMonths(range('2026-01-01', '2026-03-31'), WIDE)).toEqual({ head: null, months: range('2026-01-01', '2026-03-01'), tail: null });
  });

  it('reads the partial months at either edge by day', () => {
    expect(splitByMonths(range('2026-01-15', '2026-04-10'), WIDE)).toEqual({
      head: range('2026-01-15', '2026-01-31'),
      months: range('2026-02-01', '2026-03-01'),
      tail: range('2026-04-01', '2026-04-10'),
    });
  });

  it('reads a range inside one month by day, and the whole of one month by month', () => {
    expect(splitByMonths(range('2026-02-03', '2026-02-20'), WIDE)).toEqual({ head: range('2026-02-03', '2026-02-20'), months: null, tail: null });
    expect(splitByMonths(range('2026-02-01', '2026-02-28'), WIDE)).toEqual({ head: null, months: range('2026-02-01', '2026-02-01'), tail: null });
    // Across two partial months: two edges and no month.
    expect(splitByMonths(range('2026-01-20', '2026-02-10'), WIDE)).toEqual({ head: range('2026-01-20', '2026-01-31'), months: null, tail: range('2026-02-01', '2026-02-10') });
  });

  it('knows the last day of February in leap years and others', () => {
    expect(splitByMonths(range('2024-02-01', '2024-02-28'), WIDE)).toEqual({ head: range('2024-02-01', '2024-02-28'), months: null, tail: null });
    expect(splitByMonths(range('2024-02-01', '2024-02-29'), WIDE)).toEqual({ head: null, months: range('2024-02-01', '2024-02-01'), tail: null });
    expect(splitByMonths(range('2023-02-01', '2023-02-28'), WIDE).months).toEqual(range('2023-02-01', '2023-02-01'));
    expect(splitByMonths(range('2000-02-10', '2000-03-31'), WIDE)).toEqual({ head: range('2000-02-10', '2000-02-29'), months: range('2000-03-01', '2000-03-01'), tail: null });
    expect(splitByMonths(range('2100-01-31', '2100-03-01'), WIDE).head).toEqual(range('2100-01-31', '2100-01-31'));
  });

  it('counts a month as whole from the first day with data and up to the last', () => {
    const data = range('2025-11-26', '2026-11-26');
    // All time within the data: the first and the current month are whole.
    expect(splitByMonths(range('2000-01-01', '2026-11-26'), data)).toEqual({ head: null, months: range('2025-11-01', '2026-11-01'), tail: null });
    // Starting after the data's first day, or ending before its last, the edge is read by day.
    expect(splitByMonths(range('2025-11-27', '2026-11-25'), data)).toEqual({
      head: range('2025-11-27', '2025-11-30'),
      months: range('2025-12-01', '2026-10-01'),
      tail: range('2026-11-01', '2026-11-25'),
    });
    // Years across a year's turn.
    expect(splitByMonths(range('2025-12-01', '2026-01-31'), data).months).toEqual(range('2025-12-01', '2026-01-01'));
  });

  it('reads nothing outside the data or without any', () => {
    const none = { head: null, months: null, tail: null };
    expect(splitByMonths(range('2020-01-01', '2020-12-31'), range('2026-01-01', '2026-02-01'))).toEqual(none);
    expect(splitByMonths(range('2020-01-01', '2020-12-31'), null)).toEqual(none);
    expect(byDay(range('2026-01-01', '2026-03-31'))).toEqual({ head: range('2026-01-01', '2026-03-31'), months: null, tail: null });
  });
});
