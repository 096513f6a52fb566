/** Contacts and invitations in D1: a batch of recipients in a few statements, throttled, unsubscribed by person. */
import type { Survey } from '@/schemas/survey';
import type { Recipient } from '@/schemas/invitation';
import { randomToken } from './ids';
import { contactKeys, suppressionHashes } from '../erasure/suppression';

const DAY_MS = 86_400_000;

export interface Invitation {
  id: string;
  survey: string;
  contact_id: string;
  touchpoint: string;
  locale: string;
  segments: string;
  created_at: number;
}

export type InvitationOutcome =
  | { invitation: string }
  | { skipped: 'throttled' | 'unsubscribed' };

/** With `mail`, each recipient's invitation is also queued in the outbox, once (README, "E-mail invitations"). */
export interface InviteOptions {
  /** Where the mail's links point. */
  mail?: { origin: string };
  /** SUPPRESSION_KEY: recipients whose keyed hash erasure kept (they had unsubscribed) are skipped. */
  suppressionKey?: string;
  /** The wave (README, "Waves") that sends these invitations: its invitations and mails name it. */
  wave?: string;
}

/** A contact is the CRM's own id when it has one, else the e-mail address. */
export function contactKey(recipient: Pick<Recipient, 'email' | 'externalId'>): string {
  return recipient.externalId !== undefined ? `ext:${recipient.externalId}` : `email:${recipient.email!.toLowerCase()}`;
}

/**
 * One person may be known by several contacts: the CRM's id and, from a helpdesk, the e-mail
 * alone. Unsubscribing and throttling follow the person: `f` is every contact sharing the
 * recipient contact `c`'s row or e-mail address (contacts_by_email).
 */
export const SAME_PERSON = '(f.id = c.id OR f.email = c.email)';
/** The recipient `r` is an erased person who had unsubscribed: one of its keys' hashes is in suppressions. */
const SUPPRESSED = `EXISTS (SELECT 1 FROM json_each(r.value->'hashes') AS h JOIN suppressions AS s ON s.key_hash = h.value)`;
// CROSS JOIN keeps SQLite's join order: from the person's few contacts into invitations_by_contact,
// never from every invitation of the survey in the window into the contacts.

/**
 * Invites a batch in three statements whatever its size (D1 counts queries per invocation, and
 * allows 100 bound parameters: the batch is one JSON parameter): upsert the contacts, insert an
 * invitation for each person neither unsubscribed nor holding a current invitation, then read
 * back each contact's current invitation. Current: within the survey's throttle window, or, with
 * `throttleDays: 0` (no throttle), the one for the same touchpoint. The same recipient and
 * touchpoint again gets the same invitation back; another touchpoint within the window is throttled.
 */
export async function inviteRecipients(
  db: D1Database,
  survey: Survey,
  recipients: (Omit<Recipient, 'segments'> & { segments: Record<string, string | undefined> })[],
  now = Date.now(),
  options: InviteOptions = {},
): Promise<InvitationOutcome[] & { mails: string[] }> {
  const { suppressionKey } = options;
  const rows = await Promise.all(recipients.map(async (r) => ({
    key: contactKey(r),
    contactId: randomToken(),
    token: randomToken(),
    mailId: randomToken(),
    email: r.email?.toLowerCase() ?? null,
    externalId: r.externalId ?? null,
    name: r.name ?? null,
    locale: r.locale ?? null,
    invitationLocale: r.locale ?? survey.locale,
    touchpoint: r.touchpoint ?? '',
    segments: JSON.stringify(r.segments ?? {}),
    // Without the key no hash can have been stored (erasure refuses), so there is nothing to look up.
    hashes: suppressionKey ? await suppressionHashes(suppressionKey, contactKeys({ contact_key: contactKey(r), email: r.email?.toLowerCase() ?? null })) : [],
  })));
  const throttled = survey.throttleDays > 0;
  // The first mention of a contact in a call decides; later ones get the same outcome. Only the
  // first mention of a person (by key or e-mail; and touchpoint when nothing is throttled) may
  // get a new invitation: the others share it, or are throttled by it.
  const firstByKey = new Map<string, (typeof rows)[number] & { lead: boolean }>();
  const people = new Set<string>();
  for (const row of rows) {
    if (firstByKey.has(row.key)) continue;
    const identities = [row.key, ...(row.email ? [`email:${row.email}`] : [])].map((id) => (throttled ? id : `${id} ${row.touchpoint}`));
    firstByKey.set(row.key, { ...row, lead: identities.every((id) => !people.has(id)) });
    for (const id of identities) people.add(id);
  }
  const payload = JSON.stringify([...firstByKey.values()]);
  // No throttle: every invitation of the person may be current, but only for its own touchpoint.
  const cutoff = throttled ? now - survey.throttleDays * DAY_MS : -1;
  const current = `i.survey = ?2 AND i.created_at > ?3 AND (?4 OR i.touchpoint = r.value->>'touchpoint')`;
  // The person's current invitation: the one each recipient's outcome is read from.
  const latest = `SELECT i.id FROM contacts AS f CROSS JOIN invitations AS i ON i.contact_id = f.id
           WHERE ${SAME_PERSON} AND ${current}
           ORDER BY i.created_at DESC, i.rowid DESC LIMIT 1`;

  const [, , readBack, mailed] = await db.batch<{ key: string; unsubscribed: number; id: string | null; touchpoint: string | null }>([
    db
      .prepare(
        `INSERT INTO contacts (id, contact_key, external_id, email, name, locale, created_at, updated_at)
         SELECT r.value->>'contactId', r.value->>'key', r.value->>'externalId', r.value->>'email',
                r.value->>'name', r.value->>'locale', ?2, ?2
         FROM json_each(?1) AS r WHERE NOT ${SUPPRESSED}
         ON CONFLICT (contact_key) DO UPDATE SET
           email = coalesce(excluded.email, email), name = coalesce(excluded.name, name),
           locale = coalesce(excluded.locale, locale), updated_at = excluded.updated_at`,
      )
      .bind(payload, now),
    db
      .prepare(
        `INSERT INTO invitations (id, survey, contact_id, touchpoint, locale, segments, created_at, wave)
         SELECT r.value->>'token', ?2, c.id, r.value->>'touchpoint', r.value->>'invitationLocale',
                r.value->>'segments', ?5, ?6
         FROM json_each(?1) AS r JOIN contacts AS c ON c.contact_key = r.value->>'key'
         WHERE r.value->>'lead' AND NOT ${SUPPRESSED}
           AND NOT EXISTS (SELECT 1 FROM contacts AS f WHERE ${SAME_PERSON} AND f.unsubscribed_at IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM contacts AS f CROSS JOIN invitations AS i ON i.contact_id = f.id
                           WHERE ${SAME_PERSON} AND ${current})`,
      )
      .bind(payload, survey.id, cutoff, throttled ? 1 : 0, now, options.wave ?? null),
    db
      .prepare(
        `SELECT r.value->>'key' AS key,
                EXISTS (SELECT 1 FROM contacts AS f WHERE ${SAME_PERSON} AND f.unsubscribed_at IS NOT NULL) OR ${SUPPRESSED} AS unsubscribed,
                latest.id, latest.touchpoint
         FROM json_each(?1) AS r
         JOIN contacts AS c ON c.contact_key = r.value->>'key'
         LEFT JOIN invitations AS latest ON latest.id = (${latest})`,
      )
      .bind(payload, survey.id, cutoff, throttled ? 1 : 0),
    // The outbox row of each invitation a recipient gets (new or the same again), in the same
    // batch: the unique index outbox_once makes a retried call queue nothing twice.
    ...(options.mail
      ? [
          db
            .prepare(
              `INSERT INTO outbox (id, invitation_id, contact_id, survey, recipient, name, locale, origin, status, created_at, updated_at, wave)
               SELECT r.value->>'mailId', latest.id, latest.contact_id, ?2, r.value->>'email', c.name, latest.locale, ?5, 'queued', ?6, ?6, latest.wave
               FROM json_each(?1) AS r
               JOIN contacts AS c ON c.contact_key = r.value->>'key'
               JOIN invitations AS latest ON latest.id = (${latest})
               WHERE r.value->>'email' IS NOT NULL AND latest.touchpoint = r.value->>'touchpoint'
                 AND NOT EXISTS (SELECT 1 FROM contacts AS f WHERE ${SAME_PERSON} AND f.unsubscribed_at IS NOT NULL)
               ON CONFLICT DO NOTHING
               RETURNING id`,
            )
            .bind(payload, survey.id, cutoff, throttled ? 1 : 0, options.mail.origin, now),
        ]
      : []),
  ]);

  const byKey = new Map(readBack!.results.map((row) => [row.key, row]));
  const outcomes = rows.map((row): InvitationOutcome => {
    const state = byKey.get(row.key);
    if (!state || state.unsubscribed) return { skipped: 'unsubscribed' as const };
    // The person's current invitation (new in this call or from earlier) is this recipient's
    // when it is for the same touchpoint; any other touchpoint is throttled.
    return state.id !== null && state.touchpoint === row.touchpoint
      ? { invitation: state.id }
      : { skipped: 'throttled' as const };
  });
  return Object.assign(outcomes, { mails: (mailed?.results ?? []).map((row) => row.id!) });
}

export function findInvitation(db: D1Database, token: string) {
  return db.prepare('SELECT * FROM invitations WHERE id = ?').bind(token).first<Invitation>();
}

/** Unsubscribes the invitation's contact from every survey; true when the token was known. */
export async function unsubscribe(db: D1Database, token: string, now = Date.now()) {
  const result = await db
    .prepare(
      `UPDATE contacts SET unsubscribed_at = coalesce(unsubscribed_at, ?2), updated_at = ?2
       WHERE id = (SELECT contact_id FROM invitations WHERE id = ?1)`,
    )
    .bind(token, now)
    .run();
  return result.meta.changes > 0;
}
