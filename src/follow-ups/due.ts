/** When a follow-up is due: two working days (Monday to Friday) after the day of the answer. */
import { addDays, dateOf } from '@/report/days';

/** Working days a follow-up waits at most (the issue: "2 working days after the answer"). */
export const WORKING_DAYS_TO_FOLLOW_UP = 2;

const isWeekend = (day: string) => [0, 6].includes(dateOf(day).getUTCDay());

/** The due day of an answer given on `answerDay` (UTC, YYYY-MM-DD): Mon→Wed, Thu→Mon, Fri→Tue, Sat/Sun→Tue. */
export function dueDay(answerDay: string): string {
  let day = answerDay;
  for (let left = WORKING_DAYS_TO_FOLLOW_UP; left > 0; ) {
    day = addDays(day, 1);
    if (!isWeekend(day)) left -= 1;
  }
  return day;
}

/**
 * The last answer day whose default due day is on or before `day`. dueDay never goes back as the
 * answer day moves on, so "due by `day`" is "answered on or before this day": the list filters
 * items nobody has changed yet by their answer's time, through the index, with no date maths in SQL.
 */
export function lastAnswerDayDueBy(day: string): string {
  let answer = addDays(day, -WORKING_DAYS_TO_FOLLOW_UP);
  while (dueDay(answer) > day) answer = addDays(answer, -1);
  return answer;
}
