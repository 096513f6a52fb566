/** Empties the test D1 and applies the migrations before one only: the schema a deployment has before it. */
import { env } from 'cloudflare:workers';
import { applyD1Migrations } from 'cloudflare:test';

export async function schemaBefore(migration: string) {
  const { results } = await env.DB.prepare(
    `SELECT type, name FROM sqlite_master
     WHERE type IN ('trigger', 'view', 'table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
       AND NOT (type = 'table' AND name LIKE 'comment_search_%')
     ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, rowid DESC`,
  ).all<{ type: string; name: string }>();
  // Triggers and views first, then tables newest first: a table is dropped before the ones it references.
  await env.DB.batch([
    env.DB.prepare('PRAGMA defer_foreign_keys = on'),
    ...results.map((o) => env.DB.prepare(`DROP ${o.type.toUpperCase()} "${o.name}"`)),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.filter((m) => m.name < migration));
}
