/** When a survey's next scheduled wave is due (no I/O): the latest day start + k × every that has come. */
import { addMonths, dayOf } from '@/report/days';
import { everyMonths, type WaveSchedule } from '@/schemas/wave';

/**
 * The schedule's latest slot at or before `now` (its day has begun, UTC), or undefined before
 * `start`. A slot is one wave: the Cron run starts it when no wave holds that slot yet.
 */
export function dueSlot(schedule: Pick<WaveSchedule, 'every' | 'start'>, now: number): string | undefined {
  const today = dayOf(now);
  if (schedule.start > today) return undefined;
  const step = everyMonths(schedule.every);
  const months = (Number(today.slice(0, 4)) - Number(schedule.start.slice(0, 4))) * 12 + Number(today.slice(5, 7)) - Number(schedule.start.slice(5, 7));
  // A start on the 31st moves past shorter months (addMonths), so the count can overshoot by one step.
  for (let k = Math.floor(months / step); k >= 0; k--) {
    const slot = addMonths(schedule.start, k * step);
    if (slot <= today) return slot;
  }
  return schedule.start;
}
