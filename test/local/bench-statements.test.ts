import { readdirSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { labelOf, statementsOf } from '../../bench/sql-statements.mjs';

// bench/migrations times each statement of a migration on its own: the split must give SQLite
// the statements the file holds, no more and no fewer.
const dir = new URL('../../migrations/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
const schema = (db: DatabaseSync) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();

describe('bench/sql-statements', () => {
  it('ends a statement at a semicolon only outside strings, comments, CASE … END and a trigger body', () => {
    const sql = `-- a comment; with a semicolon
      INSERT INTO t VALUES ('a;b', "c;d"); /* block; comment */
      CREATE TRIGGER x AFTER INSERT ON t BEGIN
        UPDATE t SET v = CASE new.v WHEN 1 THEN 'one;' ELSE 'end' END WHERE id = new.id;
        DELETE FROM u;
      END;
      SELECT 1`;
    expect(statementsOf(sql).map(labelOf)).toEqual([
      `INSERT INTO t VALUES ('a;b', "c;d");`.slice(0, -1),
      `CREATE TRIGGER x AFTER INSERT ON t BEGIN UPDATE t SET v = CASE new.v WHEN 1 THEN 'one;' ELSE 'end' END WHERE id = new.id; DELETE FROM u; END`,
      'SELECT 1',
    ]);
  });

  it('gives the same schema, statement by statement, as every migration file run whole', () => {
    const whole = new DatabaseSync(':memory:');
    const split = new DatabaseSync(':memory:');
    for (const file of files) {
      const sql = readFileSync(new URL(file, dir), 'utf8');
      whole.exec(sql);
      for (const statement of statementsOf(sql)) split.prepare(statement).run();
    }
    expect(schema(split)).toEqual(schema(whole));
    // Not two empty lists: the migrations' triggers, with their semicolons inside, are in both.
    expect(schema(whole).filter((o) => o.type === 'trigger').length).toBeGreaterThan(10);
  });
});
