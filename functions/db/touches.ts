/** Touches in D1: calls, meetings and cases the CRM reports, recorded once on every contact of the person. */
import type { Touch } from '@/schemas/touch';
import { chunksWithin, D1_LIMITS, utf8Bytes } from './d1-limits';

/** What happened to each touch of a call, by its index in the request. */
export interface TouchOutcomes {
  recorded: number[];
  duplicates: number[];
  unknown: number[];
}

// The touches of one statement, read from its JSON parameter. A touch names a contact by the CRM's
// externalId or an e-mail; it goes to every contact of that person (invitations' SAME_PERSON: the
// contact itself and every contact with its e-mail), so the report sees it whichever way they answered.
const TOUCHES_OF_PERSON = `
WITH r AS (
  SELECT value->>'i' AS i, value->>'contact' AS contact, value->>'at' AS at, value->>'channel' AS channel, value->>'note' AS note
  FROM json_each(?1)
),
named AS (
  SELECT r.i, c.id, c.email FROM r JOIN contacts AS c ON c.contact_key = 'ext:' || r.contact
  UNION
  -- E-mail addresses are ASCII (the invitations' schema), so SQLite's lower() is the Worker's toLowerCase().
  SELECT r.i, c.id, c.email FROM r JOIN contacts AS c ON c.email = lower(r.contact)
),
person AS (
  SELECT DISTINCT n.i, f.id AS contact_id FROM named AS n JOIN contacts AS f ON f.id = n.id OR f.email = n.email
)`;

/** Per touch: how many contacts the person has, and on how many of them this touch is already recorded. */
const READ_SQL = `${TOUCHES_OF_PERSON}
SELECT r.i AS i, count(p.contact_id) AS contacts, count(t.contact_id) AS known
FROM r LEFT JOIN person AS p ON p.i = r.i
LEFT JOIN touches AS t ON t.contact_id = p.contact_id AND t.at = r.at AND t.channel = r.channel
GROUP BY r.i`;

// The key (contact, at, channel) makes a touch reported twice one row; the trigger on touches
// moves contacts.last_touched_at.
const INSERT_SQL = `${TOUCHES_OF_PERSON}
INSERT INTO touches (contact_id, at, channel, note, created_at)
SELECT p.contact_id, r.at, r.channel, r.note, ?2 FROM r JOIN person AS p ON p.i = r.i WHERE true
ON CONFLICT DO NOTHING`;

/**
 * Bytes of JSON one statement binds. D1 allows 100 KB per statement; the bound JSON is counted in
 * it too (the safe reading of the limit), so 1,000 touches with long notes are several statements.
 */
const TOUCH_PAYLOAD_BYTES = D1_LIMITS.statementBytes - Math.max(utf8Bytes(READ_SQL), utf8Bytes(INSERT_SQL));

/**
 * Records a call's touches in one batch (all or nothing): for each run of touches that fits a
 * statement, a read of what is known already, then the insert. The JSON bound is the request's
 * touches with a few bytes each, so a 1 MB body is at most 11 runs, 22 statements, whatever the
 * notes hold. A touch without `at` is at `now`. The same contact, time and channel twice in a
 * call is one touch, then a duplicate.
 */
export async function recordTouches(db: D1Database, touches: Touch[], now = Date.now()): Promise<TouchOutcomes> {
  const outcomes: TouchOutcomes = { recorded: [], duplicates: [], unknown: [] };
  const seen = new Set<string>();
  const rows = [];
  for (const [i, touch] of touches.entries()) {
    const row = { i, contact: touch.contact, at: touch.at ?? now, channel: touch.channel ?? '', note: touch.note ?? null };
    const key = JSON.stringify([row.contact, row.at, row.channel]);
    if (seen.has(key)) outcomes.duplicates.push(i);
    else rows.push(row);
    seen.add(key);
  }
  const statements = chunksWithin(rows, TOUCH_PAYLOAD_BYTES).flatMap((chunk) => {
    const payload = JSON.stringify(chunk);
    return [db.prepare(READ_SQL).bind(payload), db.prepare(INSERT_SQL).bind(payload, now)];
  });
  const results = await db.batch<{ i: number; contacts: number; known: number }>(statements);
  for (const read of results.filter((_, n) => n % 2 === 0)) {
    for (const { i, contacts, known } of read.results) {
      if (contacts === 0) outcomes.unknown.push(i);
      else if (known === contacts) outcomes.duplicates.push(i);
      else outcomes.recorded.push(i);
    }
  }
  return outcomes;
}
