/** A D1 binding whose reads started together (`all`, `first`) go to D1 as one batch: one round trip instead of one each, for a page's loader. */

interface Pending {
  statement: D1PreparedStatement;
  column: string | undefined;
  first: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** `first()` of a batch's result, as D1 answers it alone: the first row, or that row's column; null without a row. */
function firstOf(rows: Record<string, unknown>[], column: string | undefined) {
  const row = rows[0];
  if (row === undefined) return null;
  if (column === undefined) return row;
  if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
  return row[column];
}

/**
 * Wraps `db`: the `all()` and `first()` calls made in one turn of the event loop (a loader's
 * `Promise.all`) are sent when the turn ends, as one `batch()` when there are several. D1 counts
 * each statement of a batch as a query, so the per-invocation count is unchanged; a batch is one
 * transaction, so the reads also see one state of the database. `run`, `raw`, `batch` and `exec`
 * go to `db` as they are. A failed statement fails every read of its batch.
 */
export function batchedReads(db: D1Database): D1Database {
  let pending: Pending[] = [];
  // The statement each wrapper stands for, for a batch() given wrappers.
  const real = new WeakMap<D1PreparedStatement, D1PreparedStatement>();

  async function flush() {
    const reads = pending;
    pending = [];
    if (reads.length === 1) {
      const [read] = reads as [Pending];
      const result = read.first ? (read.column === undefined ? read.statement.first() : read.statement.first(read.column)) : read.statement.all();
      result.then(read.resolve, read.reject);
      return;
    }
    try {
      const results = await db.batch<Record<string, unknown>>(reads.map((read) => read.statement));
      reads.forEach((read, i) => {
        const result = results[i]!;
        try {
          read.resolve(read.first ? firstOf(result.results, read.column) : result);
        } catch (error) {
          read.reject(error);
        }
      });
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  }

  function enqueue(statement: D1PreparedStatement, first: boolean, column?: string) {
    return new Promise((resolve, reject) => {
      if (pending.length === 0) setTimeout(flush, 0);
      pending.push({ statement, first, column, resolve, reject });
    });
  }

  function wrap(statement: D1PreparedStatement): D1PreparedStatement {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      all: () => enqueue(statement, false),
      first: (column?: string) => enqueue(statement, true, column),
      run: () => statement.run(),
      raw: (options?: { columnNames?: boolean }) => statement.raw(options as { columnNames: true }),
    } as unknown as D1PreparedStatement;
    real.set(wrapped, statement);
    return wrapped;
  }

  return {
    prepare: (sql: string) => wrap(db.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) => db.batch(statements.map((s) => real.get(s) ?? s)),
    exec: (sql: string) => db.exec(sql),
    withSession: (constraint?: string) => db.withSession(constraint),
    dump: () => db.dump(),
  } as unknown as D1Database;
}
