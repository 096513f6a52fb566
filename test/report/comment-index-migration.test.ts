import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { postJson } from '../support/api';

const MIGRATION = '0024_count_revisions_from_the_index_and_index_only_comments.sql';
const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;

// Migration 0024 on a database written before it, where every answer had a full-text entry, empty
// or not: the empty ones leave, the index stays consistent with its view, and searches still find.
describe('migration 0024 on answers written before it', () => {
  it('drops the empty comment entries and keeps the index consistent and searchable', async () => {
    const before = env.TEST_MIGRATIONS.find((m) => m.name === MIGRATION)!;
    // The state before 0024: the view of 0005 (every answer) and no revision trigger.
    const viewOf0005 = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0005'))!.queries.find((q) => q.includes('CREATE VIEW'))!;
    await env.DB.batch([env.DB.prepare('DROP VIEW comment_text'), env.DB.prepare(viewOf0005), env.DB.prepare('DROP TRIGGER response_revision_on_delete')]);
    const word = `kvitto${crypto.randomUUID().slice(0, 6)}`;
    for (const body of [{ score: 9 }, { score: 3, reason: `Inget ${word}` }, { score: 10 }]) {
      expect((await postJson('/api/surveys/demo/responses', body)).status).toBe(201);
    }
    const entries = () => count('SELECT count(*) AS n FROM comment_search_docsize');
    expect(await entries()).toBe(await count('SELECT count(*) AS n FROM responses'));

    await env.DB.batch(before.queries.map((q) => env.DB.prepare(q)));

    expect(await entries()).toBe(await count('SELECT count(*) AS n FROM responses WHERE reason IS NOT NULL OR follow_up IS NOT NULL'));
    await env.DB.prepare("INSERT INTO comment_search (comment_search, rank) VALUES ('integrity-check', 1)").run();
    expect(await count(`SELECT count(*) AS n FROM comment_search WHERE comment_search MATCH '${word}'`)).toBe(1);
  });
});
