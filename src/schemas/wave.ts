/** Waves of a relationship survey: the survey file's `waves` field, and a wave as the API returns it. */
import { z } from 'zod';
import { isDay } from '@/report/days';

/** "6 months", "3 months", "1 year", "2 years": the schedule's step, in months. */
const EVERY = /^([1-9]\d?) (months?|years?)$/;

/** Months in an `every`; 0 for one the schema refuses. */
export function everyMonths(every: string) {
  const match = EVERY.exec(every);
  return match ? Number(match[1]) * (match[2]!.startsWith('year') ? 12 : 1) : 0;
}

export const waveScheduleSchema = z
  .object({
    every: z
      .string()
      .regex(EVERY, 'must be like "6 months", "3 months" or "1 year"')
      .refine((every) => everyMonths(every) <= 60, 'must be at most 5 years'),
    // YAML 1.1 readers make `2026-03-01` a Date; the catalogue's reader keeps the text. Either is a day.
    start: z
      .union([z.date().transform((date) => date.toISOString().slice(0, 10)), z.string()])
      .refine((day) => isDay(day), 'must be a date, YYYY-MM-DD'),
    reminderAfterDays: z.number().int().min(1).max(60),
  })
  .strict();
export type WaveSchedule = z.infer<typeof waveScheduleSchema>;

export const WAVE_DUE = ['schedule', 'api'] as const;

/** A wave as GET and POST /api/surveys/<survey>/waves return it. */
export const waveSchema = z.object({
  id: z.string(),
  survey: z.string(),
  number: z.number().int().describe('1, 2, 3 … within the survey'),
  due: z.enum(WAVE_DUE).describe('started by the survey file\'s schedule or by the API'),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable().describe('null while the Cron run is still inviting its contacts'),
  invited: z.number().int().describe('people invited by this wave'),
  sent: z.number().int().describe('invitation mails sent'),
  answered: z.number().int().describe('invitations of this wave answered'),
  reminded: z.number().int().describe('reminder mails queued or sent, one at most per invitation (one not sent, as its invitation was answered meanwhile, is not counted)'),
  skipped: z.object({ throttled: z.number().int(), unsubscribed: z.number().int() }).describe('contacts not invited'),
});
export type Wave = z.infer<typeof waveSchema>;

export const waveListSchema = z.object({ waves: z.array(waveSchema) });
