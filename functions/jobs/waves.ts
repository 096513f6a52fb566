/** The Cron run's share of waves (README, "Waves"): start a due wave, else invite its next batch of contacts, else queue due reminders. */
import { isLocale } from '@/i18n/locales';
import type { Survey } from '@/schemas/survey';
import { DAY_MS } from '@/report/days';
import { dueSlot } from '@/waves/schedule';
import { inviteRecipients } from '../db/invitations';
import { advanceWave, closeWave, nextContacts, openWaves, queueReminders, startWave, type WaveContact, type WaveRow } from '../db/waves';
import { enqueueMails } from '../mail/enqueue';
import { getSurvey, listSurveys } from '../surveys/catalog';

/** Contacts a run invites: one inviteRecipients call, so 10 MAILS messages of at most 50. */
export const WAVE_BATCH = 500;
/** Invitations a run examines for a reminder. */
export const REMINDER_BATCH = 500;

/**
 * D1 queries a run makes at most: the open waves (1), then one unit of work: a start (1), or a
 * batch (contacts 1, inviteRecipients 4, the cursor 1, the enqueued mark 1), or reminders (the
 * invitations 1, a batch of 3, the enqueued mark 1). Sending is the MAILS consumer's, in its own
 * invocations (50 mails each), so a Cron run is bounded by these queries alone.
 */
export const WAVE_QUERIES = 1 + 7;

/** The Cron run reserves WAVE_QUERIES when a survey declares waves (an API wave needs them declared too). */
export const waveQueries = (surveys: readonly Survey[] = listSurveys()) => (surveys.some((s) => s.waves) ? WAVE_QUERIES : 0);

export type WaveReport =
  | { idle: true }
  | { started: string; number: number }
  | { wave: string; mailed: number; throttled: number; unsubscribed: number; finished: boolean }
  | { wave: string; reminders: number };

/**
 * Sending first (its contacts wait for their invitation), then reminders: one unit of work a run,
 * of at most `batch` contacts or invitations (fewer than WAVE_BATCH under ROLLUP_ROWS_PER_RUN).
 */
export async function runWaves(env: Env, now = Date.now(), surveys: readonly Survey[] = listSurveys(), batch = WAVE_BATCH): Promise<WaveReport> {
  // A scheduled wave's mails need an address for their links: without PUBLIC_URL only the API starts waves.
  const due = surveys.flatMap((s) => {
    const slot = env.PUBLIC_URL && s.waves && s.kind === 'relationship' && s.status === 'open' ? dueSlot(s.waves, now) : undefined;
    return slot ? [{ survey: s.id, slot }] : [];
  });
  const waves = await openWaves(env.DB, due);
  const sending = waves.find((w) => w.finished_at === null);
  // A slot is covered by its own wave or by one started since its day; a survey still sending waits.
  const covers = (w: WaveRow, d: (typeof due)[number]) => w.slot === d.slot || w.started_at >= Date.parse(`${d.slot}T00:00:00Z`) || w.finished_at === null;
  const start = due.find((d) => !waves.some((w) => w.survey === d.survey && covers(w, d)));
  if (start) {
    const wave = await startWave(env.DB, start.survey, { due: 'schedule', slot: start.slot, origin: env.PUBLIC_URL }, now);
    return wave ? { started: wave.id, number: wave.number } : { idle: true };
  }
  if (sending) return inviteBatch(env, sending, now, batch);
  for (const wave of waves.filter((w) => w.reminded_at === null)) {
    const survey = getSurvey(wave.survey);
    if (!survey?.waves || survey.status !== 'open') {
      await closeWave(env.DB, wave.id, now);
      return { wave: wave.id, reminders: 0 };
    }
    const mails = await queueReminders(env.DB, wave, now - survey.waves.reminderAfterDays * DAY_MS, Math.min(REMINDER_BATCH, batch), now);
    await enqueueMails(env, mails, now);
    return { wave: wave.id, reminders: mails.length };
  }
  return { idle: true };
}

/** The wave's next `batch` contacts, invited with their segments and mailed; the cursor moves past them with their skips. */
async function inviteBatch(env: Env, wave: WaveRow, now: number, batch: number): Promise<WaveReport> {
  const survey = getSurvey(wave.survey);
  if (!survey || survey.status !== 'open' || survey.kind !== 'relationship') {
    await closeWave(env.DB, wave.id, now);
    return { wave: wave.id, mailed: 0, throttled: 0, unsubscribed: 0, finished: true };
  }
  const contacts = await nextContacts(env.DB, wave, batch);
  const outcomes = contacts.length > 0
    ? await inviteRecipients(env.DB, survey, contacts.map((c) => recipientOf(c, survey, wave)), now, {
        mail: { origin: wave.origin },
        suppressionKey: env.SUPPRESSION_KEY,
        wave: wave.id,
      })
    : Object.assign([], { mails: [] });
  // A person with two contacts (the CRM's id and the e-mail alone) in one batch is skipped once.
  const skipped = (reason: 'throttled' | 'unsubscribed') =>
    new Set(contacts.filter((_, i) => { const o = outcomes[i]!; return 'skipped' in o && o.skipped === reason; }).map((c) => c.email.toLowerCase())).size;
  const step = {
    cursor: contacts.at(-1)?.position ?? wave.last_contact,
    throttled: skipped('throttled'),
    unsubscribed: skipped('unsubscribed'),
    finished: contacts.length < batch,
    reminders: survey.waves !== undefined,
  };
  if (await advanceWave(env.DB, wave, step, now)) await enqueueMails(env, outcomes.mails, now);
  return { wave: wave.id, mailed: outcomes.mails.length, throttled: step.throttled, unsubscribed: step.unsubscribed, finished: step.finished };
}

function recipientOf(contact: WaveContact, survey: Survey, wave: WaveRow) {
  const segments = JSON.parse(contact.segments) as Record<string, string>;
  return {
    email: contact.email,
    ...(contact.external_id !== null ? { externalId: contact.external_id } : {}),
    ...(contact.name !== null ? { name: contact.name } : {}),
    // The contact's language when the survey is offered in it, else the survey's own.
    ...(contact.locale !== null && isLocale(contact.locale) && survey.locales.includes(contact.locale) ? { locale: contact.locale } : {}),
    // Only the survey's dimensions: an answer lands where the survey reports.
    segments: Object.fromEntries(survey.segments.flatMap((d) => (typeof segments[d] === 'string' ? [[d, segments[d]]] : []))),
    // Each wave is its own touchpoint: within the throttle window another invitation throttles it.
    touchpoint: `wave:${wave.number}`,
  };
}
