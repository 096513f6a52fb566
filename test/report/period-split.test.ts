import { describe, expect, it } from 'vitest';
import { splitBy, splitByMonths } from '@/report/period-split';

const range = (from: string, to: string) => ({ from, to });
const plus = (from: string, to: string) => ({ from, to, sign: 1 });
const minus = (from: string, to: string) => ({ from, to, sign: -1 });
// Data over two centuries, so only the range decides.
const WIDE = range('2000-01-01', '2199-12-31');

describe('a period split into edge days and months', () => {
  it('reads a range of whole months by month alone', () => {
    expect(splitByMonths(range('2026-01-01', '2026-03-31'), WIDE)).toEqual({ unit: 'month', head: null, whole: range('2026-01-01', '2026-03-01'), tail: null });
  });

  it('reads a partial month at either edge by its days in the period, or as the month less the others, whichever is fewer', () => {
    // January: 7 days in, 24 out; April: 25 days in, 5 out.
    expect(splitByMonths(range('2026-01-25', '2026-04-25'), WIDE)).toEqual({
      unit: 'month',
      head: plus('2026-01-25', '2026-01-31'),
      whole: range('2026-02-01', '2026-04-01'),
      tail: minus('2026-04-26', '2026-04-30'),
    });
    // January: 17 days in, 14 out; April: 10 in, 20 out.
    expect(splitByMonths(range('2026-01-15', '2026-04-10'), WIDE)).toEqual({
      unit: 'month',
      head: minus('2026-01-01', '2026-01-14'),
      whole: range('2026-01-01', '2026-03-01'),
      tail: plus('2026-04-01', '2026-04-10'),
    });
    // Two partial months and none between: 30 days ending on the 27th.
    expect(splitByMonths(range('2026-09-28', '2026-10-27'), WIDE)).toEqual({
      unit: 'month',
      head: plus('2026-09-28', '2026-09-30'),
      whole: range('2026-10-01', '2026-10-01'),
      tail: minus('2026-10-28', '2026-10-31'),
    });
  });

  it('reads a range inside one month by day, or as the month less the days on both sides', () => {
    expect(splitByMonths(range('2026-02-03', '2026-02-10'), WIDE)).toEqual({ unit: 'month', head: plus('2026-02-03', '2026-02-10'), whole: null, tail: null });
    expect(splitByMonths(range('2026-02-03', '2026-02-26'), WIDE)).toEqual({
      unit: 'month',
      head: minus('2026-02-01', '2026-02-02'),
      whole: range('2026-02-01', '2026-02-01'),
      tail: minus('2026-02-27', '2026-02-28'),
    });
    expect(splitByMonths(range('2026-02-01', '2026-02-28'), WIDE)).toEqual({ unit: 'month', head: null, whole: range('2026-02-01', '2026-02-01'), tail: null });
  });

  it('knows the last day of February in leap years and others', () => {
    expect(splitByMonths(range('2024-02-01', '2024-02-28'), WIDE)).toEqual({ unit: 'month', head: null, whole: range('2024-02-01', '2024-02-01'), tail: minus('2024-02-29', '2024-02-29') });
    expect(splitByMonths(range('2024-02-01', '2024-02-29'), WIDE)).toEqual({ unit: 'month', head: null, whole: range('2024-02-01', '2024-02-01'), tail: null });
    expect(splitByMonths(range('2023-02-01', '2023-02-28'), WIDE)).toEqual({ unit: 'month', head: null, whole: range('2023-02-01', '2023-02-01'), tail: null });
    expect(splitByMonths(range('2000-02-20', '2000-03-31'), WIDE)).toEqual({ unit: 'month', head: plus('2000-02-20', '2000-02-29'), whole: range('2000-03-01', '2000-03-01'), tail: null });
    expect(splitByMonths(range('2100-02-20', '2100-03-31'), WIDE).head).toEqual(plus('2100-02-20', '2100-02-28'));
  });

  it('counts a month as whole from the first day with data and up to the last', () => {
    const data = range('2025-11-26', '2026-11-26');
    // All time within the data: the first and the current month are whole.
    expect(splitByMonths(range('2000-01-01', '2026-11-26'), data)).toEqual({ unit: 'month', head: null, whole: range('2025-11-01', '2026-11-01'), tail: null });
    // Starting after the data's first day, or ending before its last, the edges are partial: the
    // days outside the period that count are only those with data (2 in November 2025, 23 in 2026).
    expect(splitByMonths(range('2025-11-28', '2026-11-03'), data)).toEqual({
      unit: 'month',
      head: minus('2025-11-26', '2025-11-27'),
      whole: range('2025-11-01', '2026-10-01'),
      tail: plus('2026-11-01', '2026-11-03'),
    });
    // Across a year's turn.
    expect(splitByMonths(range('2025-12-01', '2026-01-31'), data).whole).toEqual(range('2025-12-01', '2026-01-01'));
  });

  it('reads nothing outside the data or without any', () => {
    const none = { unit: 'month', head: null, whole: null, tail: null };
    expect(splitByMonths(range('2020-01-01', '2020-12-31'), range('2026-01-01', '2026-02-01'))).toEqual(none);
    expect(splitByMonths(range('2020-01-01', '2020-12-31'), null)).toEqual(none);
  });
});

describe('a period split into edge days and weeks (Monday to Sunday, UTC)', () => {
  it('reads whole weeks by week and a partial week at either edge the cheaper way', () => {
    // 2026-11-23 is a Monday. 90 days to Friday 2026-11-27: from Sunday 2026-08-30.
    expect(splitBy('week', range('2026-08-30', '2026-11-27'), WIDE)).toEqual({
      unit: 'week',
      head: plus('2026-08-30', '2026-08-30'),
      whole: range('2026-08-31', '2026-11-23'),
      tail: minus('2026-11-28', '2026-11-29'),
    });
    // Wednesday to Tuesday: the first week less its Monday and Tuesday, the last week's Monday and Tuesday.
    expect(splitBy('week', range('2026-11-04', '2026-11-24'), WIDE)).toEqual({
      unit: 'week',
      head: minus('2026-11-02', '2026-11-03'),
      whole: range('2026-11-02', '2026-11-16'),
      tail: plus('2026-11-23', '2026-11-24'),
    });
    // Across a month's and a year's turn: weeks are not cut by months.
    expect(splitBy('week', range('2025-12-29', '2026-01-11'), WIDE)).toEqual({ unit: 'week', head: null, whole: range('2025-12-29', '2026-01-05'), tail: null });
  });

  it('counts the current week as whole up to the last day with data, and reads inside one week by day', () => {
    // Today, Friday 2026-11-27, is the data's last day: the days after it hold nothing.
    const data = range('2025-11-26', '2026-11-27');
    expect(splitBy('week', range('2026-10-26', '2026-11-27'), data)).toEqual({ unit: 'week', head: null, whole: range('2026-10-26', '2026-11-23'), tail: null });
    expect(splitBy('week', range('2026-11-24', '2026-11-25'), WIDE)).toEqual({ unit: 'week', head: plus('2026-11-24', '2026-11-25'), whole: null, tail: null });
    expect(splitBy('week', range('2020-01-01', '2020-12-31'), null)).toEqual({ unit: 'week', head: null, whole: null, tail: null });
  });
});
