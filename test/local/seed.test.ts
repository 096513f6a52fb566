import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { reseed } from '../../.ci/local.mjs';
import { countResponses, localDatabaseFile } from '../../.ci/demo-data.mjs';

// `npm run seed -- --fresh` on a local D1 of its own (never the developer's .wrangler/state).
const persistTo = mkdtempSync(`${tmpdir()}/nps-seed-`);
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

/** What a newcomer leaves behind after playing with the API: an answer of their own, a rollup that counted it. */
function playWith(file: string) {
  const db = new DatabaseSync(file);
  db.prepare(
    `INSERT INTO responses (id, survey, score, category, reason, follow_up, answers, segments, locale, channel, created_at, updated_at, revision)
     VALUES ('played-with-the-api-00', 'demo', 0, 'detractor', 'load test', NULL, '{}', '{}', 'en', 'link', 1, 1, 999999999)`,
  ).run();
  db.prepare('UPDATE rollup_state SET after = 999999999').run();
  db.close();
}

function count(file: string, sql: string) {
  const db = new DatabaseSync(file);
  const row = db.prepare(sql).get() as { n: number };
  db.close();
  return row.n;
}

describe('a clean local demo', { timeout: 120_000 }, () => {
  it('--fresh empties the local D1 and seeds the demo again: only demo answers, no rollups left over', () => {
    reseed(persistTo, { quiet: true });
    const file = localDatabaseFile(persistTo);
    const seeded = countResponses(file);
    expect(seeded).toBeGreaterThan(0);
    playWith(file);
    // Without --fresh the demo answers come on top of what is there.
    reseed(persistTo, { quiet: true });
    expect(countResponses(localDatabaseFile(persistTo))).toBe(2 * seeded + 1);

    reseed(persistTo, { fresh: true, quiet: true });
    const fresh = localDatabaseFile(persistTo);
    expect(countResponses(fresh)).toBe(seeded);
    expect(count(fresh, "SELECT count(*) AS n FROM responses WHERE reason = 'load test'")).toBe(0);
    expect(count(fresh, 'SELECT count(*) AS n FROM rollup_state WHERE after > 0')).toBe(0);
  });

  it('the demo has invitations in the outbox, sent and unanswered, for a newcomer to open', () => {
    reseed(persistTo, { fresh: true, quiet: true });
    const file = localDatabaseFile(persistTo);
    expect(count(file, "SELECT count(*) AS n FROM outbox WHERE survey = 'demo' AND status = 'sent' AND sent_at > 0")).toBe(12);
    expect(count(file, 'SELECT count(*) AS n FROM outbox AS o JOIN responses AS r ON r.invitation_id = o.invitation_id')).toBe(0);
  });

  it('stores the demo contacts as the API does (lower-case addresses and keys), so a wave finds them and their throttle', () => {
    reseed(persistTo, { fresh: true, quiet: true });
    const file = localDatabaseFile(persistTo);
    expect(count(file, 'SELECT count(*) AS n FROM contacts')).toBeGreaterThan(0);
    expect(count(file, "SELECT count(*) AS n FROM contacts WHERE email <> lower(email) OR contact_key <> 'email:' || email")).toBe(0);
  });
});
