/** A realistic backlog written straight into D1, for the tests of D1's per-invocation limits. */
import { env } from 'cloudflare:workers';
import { randomToken } from '../../functions/db/ids';
import { categorise } from '@/nps/category';
import { NEXT_REVISION } from '../../functions/db/responses';

const DAY = 86_400_000;
const PEOPLE = [
  ['Support', 'Tier 1', 'Eva'],
  ['Support', 'Tier 1', 'Ali'],
  ['Support', 'Tier 2', 'Mia'],
  ['Sales', 'Inside sales', 'Bo'],
  ['Delivery', 'Transport', 'Piotr'],
];
const REASONS = ['Late delivery again', 'Försening av paketet', 'Too expensive for what it is', 'Friendly support', null, null];
const sql = (value: string | null) => (value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`);

/**
 * Writes `count` answers straight into D1 (as an import would), spread over `days` before now,
 * every third through an invitation (with one more invitation nobody answered).
 */
export async function backlog(count: number, { days = 120, department }: { days?: number; department?: string } = {}) {
  const revision = (await env.DB.prepare(`SELECT ${NEXT_REVISION} - 1 AS r`).first<{ r: number }>())!.r;
  const rows: string[] = [];
  const invitations: string[] = [];
  const contacts: string[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const [dept, fn, person] = PEOPLE[i % PEOPLE.length]!;
    const segments = JSON.stringify({ department: department ?? dept, function: fn, person });
    const score = (i * 7) % 11;
    // Three answers share each millisecond, so paging must break ties by ref.
    const at = now - days * DAY + Math.floor((i / count) * days * DAY) - (i % 3);
    const invitation = i % 3 === 0 ? randomToken() : null;
    if (invitation) {
      const contact = randomToken();
      contacts.push(`(${sql(contact)}, ${sql(`ext:${contact}`)}, ${at}, ${at})`);
      invitations.push(`(${sql(invitation)}, 'demo', ${sql(contact)}, 'en', ${sql(segments)}, ${at - DAY})`);
      invitations.push(`(${sql(randomToken())}, 'demo', ${sql(contact)}, 'en', ${sql(segments)}, ${at - DAY})`);
    }
    rows.push(
      `(${sql(randomToken())}, 'demo', ${score}, '${categorise(score)}', ${sql(REASONS[i % REASONS.length]!)}, ${sql(segments)}, 'en', ` +
        `'${invitation ? 'invitation' : 'link'}', ${sql(invitation)}, ${at}, ${at}, ${revision + i + 1}, 0)`,
    );
  }
  const statements = [];
  for (let i = 0; i < contacts.length; i += 200) {
    statements.push(env.DB.prepare(`INSERT INTO contacts (id, contact_key, created_at, updated_at) VALUES ${contacts.slice(i, i + 200).join(',')}`));
  }
  for (let i = 0; i < invitations.length; i += 200) {
    statements.push(env.DB.prepare(`INSERT INTO invitations (id, survey, contact_id, locale, segments, created_at) VALUES ${invitations.slice(i, i + 200).join(',')}`));
  }
  for (let i = 0; i < rows.length; i += 200) {
    statements.push(
      env.DB.prepare(
        `INSERT INTO responses (id, survey, score, category, reason, segments, locale, channel, invitation_id, created_at, updated_at, rowid, revision)
         VALUES ${rows.slice(i, i + 200).join(',')}`,
      ),
    );
  }
  await env.DB.batch(statements);
}
