/** Waves in D1: started once per slot, their contacts read in rowid batches, their reminders queued once, their counts from indexes. */
import type { CategoryCounts } from '@/nps/score';
import type { Wave } from '@/schemas/wave';
import { randomToken } from './ids';

export interface WaveRow {
  id: string;
  survey: string;
  number: number;
  due: 'schedule' | 'api';
  slot: string | null;
  started_at: number;
  origin: string;
  last_contact: number;
  cursor: number;
  throttled: number;
  unsubscribed: number;
  finished_at: number | null;
  reminder_cursor: number;
  reminded_at: number | null;
}

const COLUMNS = 'id, survey, number, due, slot, started_at, origin, last_contact, cursor, throttled, unsubscribed, finished_at, reminder_cursor, reminded_at';

/**
 * Starts the survey's next wave over every contact stored now (up to the latest rowid). Undefined
 * when a wave of the survey is still sending (waves_sending) or the slot already has its wave.
 */
export async function startWave(db: D1Database, survey: string, start: { due: 'schedule' | 'api'; slot?: string; origin: string }, now = Date.now()) {
  const row = await db
    .prepare(
      `INSERT INTO waves (id, survey, number, due, slot, started_at, origin, last_contact)
       SELECT ?1, ?2, coalesce((SELECT max(number) FROM waves WHERE survey = ?2), 0) + 1, ?3, ?4, ?5, ?6,
              coalesce((SELECT max(rowid) FROM contacts), 0)
       WHERE true
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
    )
    .bind(randomToken(), survey, start.due, start.slot ?? null, now, start.origin.replace(/\/$/, ''))
    .first<WaveRow>();
  return row ?? undefined;
}

/**
 * Waves with work left (sending, or reminders to examine), and any wave that covers one of the due
 * `slots`: the slot's own, or one started on or after its day (a wave the API started meanwhile).
 */
export async function openWaves(db: D1Database, slots: { survey: string; slot: string }[]) {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM waves
       WHERE reminded_at IS NULL
          OR EXISTS (SELECT 1 FROM json_each(?1) AS s WHERE s.value->>'survey' = waves.survey
                       AND (waves.slot = s.value->>'slot' OR waves.started_at >= s.value->>'from'))
       ORDER BY started_at`,
    )
    .bind(JSON.stringify(slots.map((s) => ({ ...s, from: Date.parse(`${s.slot}T00:00:00Z`) }))))
    .all<WaveRow>();
  return results;
}

export interface WaveContact {
  position: number;
  external_id: string | null;
  email: string;
  name: string | null;
  locale: string | null;
  segments: string;
}

/** The wave's next contacts with an e-mail, in rowid order. */
export async function nextContacts(db: D1Database, wave: Pick<WaveRow, 'cursor' | 'last_contact'>, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT rowid AS position, external_id, email, name, locale, segments FROM contacts
       WHERE rowid > ?1 AND rowid <= ?2 AND email IS NOT NULL ORDER BY rowid LIMIT ?3`,
    )
    .bind(wave.cursor, wave.last_contact, limit)
    .all<WaveContact>();
  return results;
}

/**
 * Moves the cursor past a batch and adds its skips, only from where this run read it: an
 * overlapping run that did the same batch counts nothing twice. Returns whether it moved.
 */
export async function advanceWave(
  db: D1Database,
  wave: Pick<WaveRow, 'id' | 'cursor'>,
  step: { cursor: number; throttled: number; unsubscribed: number; finished: boolean; reminders: boolean },
  now = Date.now(),
) {
  const result = await db
    .prepare(
      `UPDATE waves SET cursor = ?3, throttled = throttled + ?4, unsubscribed = unsubscribed + ?5,
         finished_at = CASE WHEN ?6 THEN ?7 END,
         reminded_at = CASE WHEN ?6 AND NOT ?8 THEN ?7 END
       WHERE id = ?1 AND cursor = ?2 AND finished_at IS NULL`,
    )
    .bind(wave.id, wave.cursor, step.cursor, step.throttled, step.unsubscribed, step.finished ? 1 : 0, now, step.reminders ? 1 : 0)
    .run();
  return result.meta.changes > 0;
}

/** No reminders for this wave (its survey is closed, gone, or declares none): it is done. */
export async function closeWave(db: D1Database, id: string, now = Date.now()) {
  await db.prepare('UPDATE waves SET finished_at = coalesce(finished_at, ?2), reminded_at = ?2 WHERE id = ?1').bind(id, now).run();
}

// The invitation's person unsubscribed, by any of their contacts (SAME_PERSON in invitations.ts).
const UNSUBSCRIBED = `EXISTS (SELECT 1 FROM contacts AS c JOIN contacts AS f ON (f.id = c.id OR f.email = c.email)
                              WHERE c.id = i.contact_id AND f.unsubscribed_at IS NOT NULL)`;

/**
 * One reminder for each of the wave's next `limit` invitations older than `sentBefore` whose mail
 * was sent, that nobody answered, to a person who has not unsubscribed. Reads the invitations,
 * then in one batch queues the reminders and moves the reminder cursor (from where it was read:
 * an overlapping run moves nothing twice); outbox_once makes a second reminder impossible.
 * Returns the new outbox rows' ids.
 */
export async function queueReminders(db: D1Database, wave: Pick<WaveRow, 'id' | 'reminder_cursor' | 'finished_at'>, sentBefore: number, limit: number, now = Date.now()) {
  const { results: examined } = await db
    .prepare(
      `SELECT rowid AS position, id FROM invitations
       WHERE wave = ?1 AND rowid > ?2 AND created_at <= ?3 ORDER BY rowid LIMIT ?4`,
    )
    .bind(wave.id, wave.reminder_cursor, sentBefore, limit)
    .all<{ position: number; id: string }>();
  const cursor = examined.at(-1)?.position ?? wave.reminder_cursor;
  const payload = JSON.stringify(examined.map((row) => ({ invitation: row.id, mail: randomToken() })));
  const [queued] = await db.batch<{ id: string }>([
    db
      .prepare(
        `INSERT INTO outbox (id, invitation_id, contact_id, survey, kind, wave, recipient, name, locale, origin, status, created_at, updated_at)
         SELECT e.value->>'mail', i.id, i.contact_id, i.survey, 'reminder', i.wave, o.recipient, o.name, o.locale, o.origin, 'queued', ?2, ?2
         FROM json_each(?1) AS e
         JOIN invitations AS i ON i.id = e.value->>'invitation'
         JOIN outbox AS o ON o.invitation_id = i.id AND o.kind = 'invitation' AND o.status = 'sent'
         WHERE NOT EXISTS (SELECT 1 FROM responses AS r WHERE r.invitation_id = i.id) AND NOT ${UNSUBSCRIBED}
         ON CONFLICT DO NOTHING
         RETURNING id`,
      )
      .bind(payload, now),
    db.prepare('UPDATE waves SET reminder_cursor = ?3 WHERE id = ?1 AND reminder_cursor = ?2').bind(wave.id, wave.reminder_cursor, cursor),
    // Done once sending is over and every invitation of the wave has been examined.
    db
      .prepare(
        `UPDATE waves SET reminded_at = ?2
         WHERE id = ?1 AND finished_at IS NOT NULL AND reminded_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM invitations AS i WHERE i.wave = waves.id AND i.rowid > waves.reminder_cursor)`,
      )
      .bind(wave.id, now),
  ]);
  return queued!.results.map((row) => row.id);
}

/** The survey's waves, newest first, each with its counts and its answers by category (index ranges per wave). */
export async function listWaves(db: D1Database, survey: string, limit = 100) {
  const answers = (category: string) =>
    `(SELECT count(*) FROM invitations AS i JOIN responses AS r ON r.invitation_id = i.id WHERE i.wave = w.id AND r.category = '${category}')`;
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS.split(', ').map((c) => `w.${c}`).join(', ')},
         (SELECT count(*) FROM invitations AS i WHERE i.wave = w.id) AS invited,
         (SELECT count(*) FROM outbox AS o WHERE o.wave = w.id AND o.kind = 'invitation' AND o.status = 'sent') AS sent,
         (SELECT count(*) FROM outbox AS o WHERE o.wave = w.id AND o.kind = 'reminder' AND o.status != 'failed') AS reminded,
         ${answers('promoter')} AS promoters, ${answers('passive')} AS passives, ${answers('detractor')} AS detractors
       FROM waves AS w WHERE w.survey = ?1 ORDER BY w.number DESC LIMIT ?2`,
    )
    .bind(survey, limit)
    .all<WaveRow & { invited: number; sent: number; reminded: number } & CategoryCounts>();
  return results.map((row) => ({ wave: waveOf(row), answers: { promoters: row.promoters, passives: row.passives, detractors: row.detractors } }));
}

export function waveOf(row: WaveRow & Partial<{ invited: number; sent: number; reminded: number } & CategoryCounts>): Wave {
  const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
  return {
    id: row.id,
    survey: row.survey,
    number: row.number,
    due: row.due,
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
    invited: row.invited ?? 0,
    sent: row.sent ?? 0,
    answered: (row.promoters ?? 0) + (row.passives ?? 0) + (row.detractors ?? 0),
    reminded: row.reminded ?? 0,
    skipped: { throttled: row.throttled, unsubscribed: row.unsubscribed },
  };
}
