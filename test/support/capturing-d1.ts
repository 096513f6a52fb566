/** A D1 binding that keeps every statement a call sends, with its values, and how SQLite would run one. */
import { env } from 'cloudflare:workers';

export function capturing(db: D1Database) {
  const sent: { sql: string; values: unknown[] }[] = [];
  const wrap = (sql: string, statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => (sent.push({ sql, values }), wrap(sql, target.bind(...values)));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const binding = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(sql, target.prepare(sql));
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { binding, sent };
}

/** EXPLAIN QUERY PLAN of one statement, its lines as SQLite prints them. */
export async function plan(sql: string, values: unknown[]) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...values).all<{ detail: string }>();
  return results.map((r) => r.detail);
}
