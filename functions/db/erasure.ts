/**
 * Erasure in D1 (README, "Erasure and retention"): a person's answers become anonymous scores and
 * everything else about them is deleted, in one batch of a fixed number of statements whatever
 * the size of their history (every list is a subquery or one bound JSON parameter).
 */
import { RAISED_BEFORE_0031 } from './alerts';
import { SAME_PERSON } from './invitations';
import { dropCachedPages } from './page-cache';

/** What an erasure removed, by table. */
export interface Erased {
  responses: number;
  invitations: number;
  followUps: number;
  touches: number;
  alerts: number;
}

/**
 * The answers of a selection (`responses` selects their ids from the bound ?1) made anonymous, in
 * four statements: their alerts (deliveries cascade), follow-ups (history cascades) and theme
 * memberships deleted, then the text, the idempotency key and the links to the contact and the
 * invitation cleared. The score, category, day, locale, channel and segments stay: segments name
 * the team or employee rated, never the respondent. The revision does not move, so the rollup
 * never folds the answer again: its counts, themes included (rollup_themes, rollup_ledger), stay
 * as published. The comment_search triggers take the text out of the index (secure-delete, 0015).
 * `anonymous` (?2) is anonymousAnswerIds: the answers kept, by survey.
 */
export function anonymise(db: D1Database, responses: string, selection: string, anonymous: string): D1PreparedStatement[] {
  return [
    // An alert's id is its response's ref (migrations/0031), or it was raised before and is found by its response.
    db
      .prepare(
        `DELETE FROM alerts WHERE id IN (SELECT ref FROM responses WHERE id IN (${responses})
           UNION ALL SELECT a.id FROM alerts AS a WHERE ${RAISED_BEFORE_0031} AND a.response_id IN (${responses})) RETURNING 1`,
      )
      .bind(selection),
    db.prepare(`DELETE FROM follow_ups WHERE response_id IN (${responses}) RETURNING 1`).bind(selection),
    db.prepare(`DELETE FROM response_themes WHERE response_rowid IN (SELECT rowid FROM responses WHERE id IN (${responses}))`).bind(selection),
    db
      .prepare(
        `UPDATE responses SET reason = NULL, follow_up = NULL, idempotency_key = NULL, contact_id = NULL, invitation_id = NULL,
           answers = (SELECT json_group_object(a.key, a.value) FROM json_each(responses.answers) AS a
                      WHERE a.key IN (SELECT value FROM json_each(?2, '$."' || responses.survey || '"')))
         WHERE id IN (${responses}) RETURNING 1`,
      )
      .bind(selection, anonymous),
  ];
}

/** The unsubscribe that outlives the contacts: key hashes (?1, a JSON array) into suppressions. */
export function suppress(db: D1Database, hashes: string[], now: number) {
  return db
    .prepare('INSERT INTO suppressions (key_hash, created_at) SELECT value, ?2 FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING')
    .bind(JSON.stringify(hashes), now);
}

// The person named by ?1 ({ "key": "ext:<id>", "email": "<lower-case>" }): every contact with that
// external id or e-mail address, and every contact sharing an e-mail with one of those.
const PERSON = `SELECT f.id FROM contacts AS c JOIN contacts AS f ON ${SAME_PERSON}
  WHERE c.contact_key = ?1->>'key' OR c.email = ?1->>'email'`;
const PERSON_RESPONSES = `SELECT id FROM responses WHERE contact_id IN (${PERSON})
  UNION SELECT r.id FROM invitations AS i JOIN responses AS r ON r.invitation_id = i.id WHERE i.contact_id IN (${PERSON})`;

/** The path parameter of DELETE /api/contacts/{externalId or e-mail}, as the statements read it. */
export function personSelection(externalIdOrEmail: string) {
  return JSON.stringify({ key: `ext:${externalIdOrEmail}`, email: externalIdOrEmail.toLowerCase() });
}

export interface PersonContact {
  contact_key: string;
  email: string | null;
  unsubscribed: number;
}

/** The person's contacts (none: nobody by that id or address). */
export async function personContacts(db: D1Database, selection: string) {
  const { results } = await db
    .prepare(
      `SELECT contact_key, email, unsubscribed_at IS NOT NULL AS unsubscribed FROM contacts
       WHERE id IN (${PERSON})`,
    )
    .bind(selection)
    .all<PersonContact>();
  return results;
}

/**
 * Erases the person in one batch of 9 statements: the suppression hashes (none unless they had
 * unsubscribed), their answers made anonymous, then their touches, invitations and contacts
 * deleted, and the cached results pages dropped.
 */
export async function erasePerson(db: D1Database, selection: string, hashes: string[], anonymous: string, now = Date.now()): Promise<Erased> {
  const results = await db.batch([
    suppress(db, hashes, now),
    ...anonymise(db, PERSON_RESPONSES, selection, anonymous),
    db.prepare(`DELETE FROM touches WHERE contact_id IN (${PERSON}) RETURNING 1`).bind(selection),
    db.prepare(`DELETE FROM invitations WHERE contact_id IN (${PERSON}) RETURNING 1`).bind(selection),
    db.prepare(`DELETE FROM contacts WHERE id IN (${PERSON})`).bind(selection),
    dropCachedPages(db),
  ]);
  // Counted from RETURNING: D1's meta.changes also counts what triggers and cascades wrote.
  const changes = results.map((r) => r.results.length);
  return { alerts: changes[1]!, followUps: changes[2]!, responses: changes[4]!, touches: changes[5]!, invitations: changes[6]! };
}
