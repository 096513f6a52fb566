/**
 * A D1 binding that counts queries the way D1 counts them against its per-invocation limit:
 * each statement run (run, all, first, raw), each statement of a batch, each statement of an exec;
 * and the round trips to D1 (a statement run alone, a batch, an exec: one each).
 */
export interface CountingD1 {
  binding: D1Database;
  /** Queries so far. */
  readonly queries: number;
  /** Calls that went to D1 so far. */
  readonly roundTrips: number;
}

export function countingD1(db: D1Database): CountingD1 {
  let queries = 0;
  let roundTrips = 0;
  const real = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const counted = <T>(run: () => Promise<T>) => {
    queries += 1;
    roundTrips += 1;
    return run();
  };
  function wrap(statement: D1PreparedStatement): D1PreparedStatement {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      run: () => counted(() => statement.run()),
      all: () => counted(() => statement.all()),
      first: (column?: string) => counted(() => (column === undefined ? statement.first() : statement.first(column))),
      raw: (options?: { columnNames?: boolean }) => counted(() => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    real.set(wrapped, statement);
    return wrapped;
  }
  const binding = {
    prepare: (sql: string) => wrap(db.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) => {
      queries += statements.length;
      roundTrips += 1;
      return db.batch(statements.map((s) => real.get(s) ?? s));
    },
    exec: async (sql: string) => {
      const result = await db.exec(sql);
      queries += result.count;
      roundTrips += 1;
      return result;
    },
    withSession: () => {
      throw new Error('countingD1: sessions are not counted');
    },
  } as unknown as D1Database;
  return {
    binding,
    get queries() {
      return queries;
    },
    get roundTrips() {
      return roundTrips;
    },
  };
}
