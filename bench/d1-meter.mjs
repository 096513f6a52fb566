// Bench-only: sums D1's own meta.rows_read and meta.rows_written over every statement a D1
// binding runs (each statement of a batch too), by wrapping the binding's prototypes while it is
// installed. The product's code is unchanged; bench/meter-worker.mjs installs it in a bench build.

/** Installs the meter on the prototypes of `db` (every binding of its kind in this isolate). */
export function installMeter(db) {
  const totals = { queries: 0, rowsRead: 0, rowsWritten: 0 };
  // Round trips to D1: a batch is one, as is a statement run alone (each costs a results page's miss about 1 ms here).
  let calls = 0;
  // Rows written by each statement, in order: where an answer's rows come from.
  const written = [];
  const add = (meta) => {
    written.push(meta?.rows_written ?? 0);
    totals.queries += 1;
    totals.rowsRead += meta?.rows_read ?? 0;
    totals.rowsWritten += meta?.rows_written ?? 0;
  };
  const database = Object.getPrototypeOf(db);
  const statement = Object.getPrototypeOf(db.prepare('SELECT 1'));
  const original = { batch: database.batch, all: statement.all, run: statement.run, first: statement.first, raw: statement.raw };
  database.batch = async function (statements) {
    calls += 1;
    const results = await original.batch.call(this, statements);
    for (const result of results) add(result.meta);
    return results;
  };
  statement.all = async function () {
    calls += 1;
    const result = await original.all.call(this);
    add(result.meta);
    return result;
  };
  statement.run = async function () {
    calls += 1;
    const result = await original.run.call(this);
    add(result.meta);
    return result;
  };
  // first() and raw() return no meta: run as all() and shaped as they would answer.
  statement.first = async function (column) {
    calls += 1;
    const result = await original.all.call(this);
    add(result.meta);
    const row = result.results[0];
    if (row === undefined) return null;
    if (column === undefined) return row;
    if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
    return row[column];
  };
  statement.raw = async function (options) {
    calls += 1;
    const result = await original.all.call(this);
    add(result.meta);
    const names = Object.keys(result.results[0] ?? {});
    const rows = result.results.map((row) => names.map((name) => row[name]));
    return options?.columnNames ? [names, ...rows] : rows;
  };
  return {
    totals,
    written,
    get calls() {
      return calls;
    },
    reset() {
      calls = 0;
      Object.assign(totals, { queries: 0, rowsRead: 0, rowsWritten: 0 });
      written.length = 0;
    },
    uninstall() {
      Object.assign(database, { batch: original.batch });
      Object.assign(statement, { all: original.all, run: original.run, first: original.first, raw: original.raw });
    },
  };
}
