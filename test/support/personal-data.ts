/** Every table and column of the D1, searched for strings: where a person's identifiers or words are still stored. */
import { env } from 'cloudflare:workers';

const decoder = new TextDecoder('latin1');
const encoder = new TextEncoder();

/** A stored value as bytes read one to a character, so a UTF-8 needle is found inside a BLOB (the FTS5 index) too. */
function asBytes(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return decoder.decode(new Uint8Array(value as number[]));
  if (value instanceof ArrayBuffer) return decoder.decode(new Uint8Array(value));
  return decoder.decode(encoder.encode(String(value)));
}

/** Where each needle occurs, as "table.column" (case-insensitive), walking sqlite_master for every table. */
export async function findStored(needles: string[]): Promise<Record<string, string[]>> {
  const { results: tables } = await env.DB.prepare(
    // _cf_* are workerd's own tables, which D1 does not let a Worker read.
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name`,
  ).all<{ name: string }>();
  const wanted = needles.map((needle) => asBytes(needle).toLowerCase());
  const found: Record<string, string[]> = Object.fromEntries(needles.map((n) => [n, []]));
  for (const { name } of tables) {
    const { results: rows } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const stored = asBytes(value).toLowerCase();
        needles.forEach((needle, i) => {
          const where = `${name}.${column}`;
          if (stored.includes(wanted[i]!) && !found[needle]!.includes(where)) found[needle]!.push(where);
        });
      }
    }
  }
  return found;
}

/** Every rollup table, sorted: what the results pages publish. */
export async function rollupTables() {
  const tables = ['rollup_days', 'rollup_months', 'rollup_weeks', 'rollup_invitations', 'rollup_invitation_months', 'rollup_themes', 'rollup_theme_months', 'rollup_theme_weeks', 'rollup_ledger', 'rollup_set_aside'];
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table}`).all();
    snapshot[table] = results.map((row) => JSON.stringify(row)).sort();
  }
  return snapshot;
}
