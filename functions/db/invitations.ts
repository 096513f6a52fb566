import type { Survey } from '../../src/schemas/survey';
import type { Recipient } from '../../src/schemas/invitation';
import { randomToken } from './ids';

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

/** A contact is the CRM's own id when it has one, else the e-mail address. */
export function contactKey(recipient: Pick<Recipient, 'email' | 'externalId'>): string {
  return recipient.externalId !== undefined ? `ext:${recipient.externalId}` : `email:${recipient.email!.toLowerCase()}`;
}

/**
 * Invites a batch in three statements whatever its size (D1 counts queries per invocation):
 * upsert the contacts, insert an invitation for each contact not invited to this survey within
 * its throttle window and not unsubscribed, then read back each contact's current invitation.
 * The same recipient and touchpoint again within the window gets the same invitation back.
 */
export async function inviteRecipients(
  db: D1Database,
  survey: Survey,
  recipients: (Omit<Recipient, 'segments'> & { segments: Record<string, string | undefined> })[],
  now = Date.now(),
): Promise<InvitationOutcome[]> {
  const rows = recipients.map((r) => ({
    key: contactKey(r),
    contactId: randomToken(),
    token: randomToken(),
    email: r.email?.toLowerCase() ?? null,
    externalId: r.externalId ?? null,
    name: r.name ?? null,
    locale: r.locale ?? null,
    invitationLocale: r.locale ?? survey.locale,
    touchpoint: r.touchpoint ?? '',
    segments: JSON.stringify(r.segments ?? {}),
  }));
  // The first mention of a contact in a call decides; later ones get the same outcome.
  const firstByKey = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!firstByKey.has(row.key)) firstByKey.set(row.key, row);
  const payload = JSON.stringify([...firstByKey.values()]);
  const cutoff = now - survey.throttleDays * DAY_MS;

  const [, , current] = await db.batch<{ key: string; unsubscribed_at: number | null; id: string | null; touchpoint: string | null }>([
    db
      .prepare(
        `INSERT INTO contacts (id, contact_key, external_id, email, name, locale, created_at, updated_at)
         SELECT r.value->>'contactId', r.value->>'key', r.value->>'externalId', r.value->>'email',
                r.value->>'name', r.value->>'locale', ?2, ?2
         FROM json_each(?1) AS r WHERE true
         ON CONFLICT (contact_key) DO UPDATE SET
           email = coalesce(excluded.email, email), name = coalesce(excluded.name, name),
           locale = coalesce(excluded.locale, locale), updated_at = excluded.updated_at`,
      )
      .bind(payload, now),
    db
      .prepare(
        `INSERT INTO invitations (id, survey, contact_id, touchpoint, locale, segments, created_at)
         SELECT r.value->>'token', ?2, c.id, r.value->>'touchpoint', r.value->>'invitationLocale',
                r.value->>'segments', ?3
         FROM json_each(?1) AS r JOIN contacts AS c ON c.contact_key = r.value->>'key'
         WHERE c.unsubscribed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM invitations AS i
                           WHERE i.contact_id = c.id AND i.survey = ?2 AND i.created_at > ?4)`,
      )
      .bind(payload, survey.id, now, cutoff),
    db
      .prepare(
        `SELECT r.value->>'key' AS key, c.unsubscribed_at, i.id, i.touchpoint
         FROM json_each(?1) AS r
         JOIN contacts AS c ON c.contact_key = r.value->>'key'
         LEFT JOIN invitations AS i ON i.id = (
           SELECT id FROM invitations WHERE contact_id = c.id AND survey = ?2 AND created_at > ?3
           ORDER BY created_at DESC LIMIT 1)`,
      )
      .bind(payload, survey.id, cutoff),
  ]);

  const byKey = new Map(current!.results.map((row) => [row.key, row]));
  return rows.map((row) => {
    const state = byKey.get(row.key);
    if (!state || state.unsubscribed_at !== null) return { skipped: 'unsubscribed' as const };
    // The contact's current invitation (new in this call or from earlier in the window) is this
    // recipient's when it is for the same touchpoint; any other touchpoint is throttled.
    return state.id !== null && state.touchpoint === row.touchpoint
      ? { invitation: state.id }
      : { skipped: 'throttled' as const };
  });
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
