/** Importing the CRM's contacts into D1: up to 10,000 in one atomic batch of a few statements. */
import type { Contact } from '@/schemas/contact';
import { chunksWithin, D1_LIMITS } from './d1-limits';
import { contactKey } from './invitations';
import { randomToken } from './ids';

// Each statement binds one JSON list; kept under D1's per-value limit with room to spare.
const CHUNK_BYTES = Math.floor(D1_LIMITS.valueBytes * 0.9);

/**
 * Upserts on the contact key (the CRM's id, else the e-mail): a field given replaces the stored
 * one, a field left out keeps it, segments merge by dimension. A contact named twice in one call
 * takes its last values. One statement per ~900 KB of contacts, all in one transaction.
 */
export async function importContacts(db: D1Database, contacts: Contact[], now = Date.now()) {
  const rows = contacts.map((c) => ({
    id: randomToken(),
    key: contactKey(c),
    externalId: c.externalId ?? null,
    email: c.email?.toLowerCase() ?? null,
    name: c.name ?? null,
    locale: c.locale ?? null,
    segments: JSON.stringify(c.segments ?? {}),
  }));
  const statement = db.prepare(
    `INSERT INTO contacts (id, contact_key, external_id, email, name, locale, segments, created_at, updated_at)
     SELECT r.value->>'id', r.value->>'key', r.value->>'externalId', r.value->>'email', r.value->>'name',
            r.value->>'locale', r.value->>'segments', ?2, ?2
     FROM json_each(?1) AS r WHERE true
     ON CONFLICT (contact_key) DO UPDATE SET
       email = coalesce(excluded.email, email), name = coalesce(excluded.name, name),
       locale = coalesce(excluded.locale, locale), segments = json_patch(segments, excluded.segments),
       updated_at = excluded.updated_at`,
  );
  const results = await db.batch(chunksWithin(rows, CHUNK_BYTES).map((chunk) => statement.bind(JSON.stringify(chunk), now)));
  return results.reduce((sum, result) => sum + result.meta.changes, 0);
}
