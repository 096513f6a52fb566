import { D1_LIMITS, utf8Bytes } from '../../functions/db/d1-limits';

/** One statement as D1 receives it: its SQL, how many values are bound and the largest one. */
export interface Sent {
  sql: string;
  sqlBytes: number;
  parameters: number;
  largestValue: number;
}

type Limits = { [K in keyof typeof D1_LIMITS]: number };

const valueBytes = (value: unknown) =>
  typeof value === 'string' ? utf8Bytes(value) : value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? value.byteLength : 8;

/**
 * The test D1 binding, wrapped to record every statement it is sent and, given `enforce`, to
 * refuse what production D1 refuses (SQLITE_TOOBIG) and the local emulation lets through.
 */
export function recordingD1(db: D1Database, enforce?: Limits) {
  const sent: Sent[] = [];
  const real = new WeakMap<object, { statement: D1PreparedStatement; sent: Sent }>();

  function deliver(statement: D1PreparedStatement) {
    const found = real.get(statement);
    if (!found) return statement;
    sent.push(found.sent);
    const { sqlBytes, parameters, largestValue } = found.sent;
    if (enforce && (sqlBytes > enforce.statementBytes || largestValue > enforce.valueBytes || parameters > enforce.boundParameters)) {
      throw new Error('D1_ERROR: string or blob too big: SQLITE_TOOBIG');
    }
    return found.statement;
  }

  function wrap(statement: D1PreparedStatement, record: Sent): D1PreparedStatement {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        if (prop === 'bind') {
          return (...values: unknown[]) =>
            wrap(target.bind(...values), { ...record, parameters: values.length, largestValue: Math.max(0, ...values.map(valueBytes)) });
        }
        if (prop === 'first' || prop === 'run' || prop === 'all' || prop === 'raw') {
          return (...args: unknown[]) => {
            const statement = deliver(proxy);
            return (statement[prop] as (...a: unknown[]) => unknown).apply(statement, args);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    real.set(proxy, { statement, sent: record });
    return proxy;
  }

  const binding = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), { sql, sqlBytes: utf8Bytes(sql), parameters: 0, largestValue: 0 });
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => target.batch(statements.map(deliver));
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: binding, sent };
}
