// Bench-only entry around the built Worker (bench/page-profile copies it next to dist/server/entry.mjs):
// answers every request as the product does and records the D1 calls it made (each statement's
// SQL and bound values, batches as batches); a request with `x-bench-replay: <n>` makes the D1
// calls of the n-th recorded request again, the same way, and nothing else (`x-bench-calls: <i>`:
// its i-th call alone; `x-bench-calls: none`: none). A replay's CPU is what
// those calls cost (the binding in the Worker and, locally, the database behind it); the request's
// less the replay's is the Worker's own work. One request at a time.
import worker from './entry.mjs';

const recorded = [];
let calls = null;
let installed = false;
const sqlOf = new WeakMap();

/** Wraps the prototypes of the D1 binding and its statements: each call made while `calls` is set is recorded. */
function install(db) {
  const database = Object.getPrototypeOf(db);
  const statement = Object.getPrototypeOf(db.prepare('SELECT 1'));
  const original = { prepare: database.prepare, batch: database.batch, bind: statement.bind, all: statement.all, first: statement.first, run: statement.run, raw: statement.raw };
  database.prepare = function (sql) {
    const prepared = original.prepare.call(this, sql);
    sqlOf.set(prepared, { sql, params: [] });
    return prepared;
  };
  statement.bind = function (...params) {
    const bound = original.bind.apply(this, params);
    sqlOf.set(bound, { sql: sqlOf.get(this)?.sql, params });
    return bound;
  };
  database.batch = function (statements) {
    calls?.push({ kind: 'batch', statements: statements.map((s) => sqlOf.get(s)) });
    return original.batch.call(this, statements);
  };
  for (const kind of ['all', 'first', 'run', 'raw']) {
    statement[kind] = function (...args) {
      calls?.push({ kind, statements: [sqlOf.get(this)], args });
      return original[kind].apply(this, args);
    };
  }
}

async function replay(db, made) {
  for (const call of made) {
    const statements = call.statements.map(({ sql, params }) => db.prepare(sql).bind(...params));
    if (call.kind === 'batch') await db.batch(statements);
    else await statements[0][call.kind](...call.args);
  }
}

export default {
  ...worker,
  async fetch(request, env, ctx) {
    if (!installed) {
      install(env.DB);
      installed = true;
    }
    const n = request.headers.get('x-bench-replay');
    if (n !== null) {
      const made = recorded[Number(n)];
      if (!made) return new Response('no such recording', { status: 404 });
      // `x-bench-calls: 2`: the third call alone; `none`: no call (what a replay request costs by itself).
      const only = request.headers.get('x-bench-calls');
      await replay(env.DB, only === null ? made : made.filter((_, i) => String(i) === only));
      return new Response(made.map((call) => `${call.kind} of ${call.statements.length}: ${call.statements.map((st) => st.sql.replace(/\s+/g, ' ').slice(0, 60)).join(' | ')}`).join('\n'));
    }
    calls = [];
    try {
      const res = await worker.fetch(request, env, ctx);
      const body = await res.arrayBuffer();
      const answered = new Response(body.byteLength ? body : null, res);
      answered.headers.set('x-bench-recording', String(recorded.length));
      recorded.push(calls);
      return answered;
    } finally {
      calls = null;
    }
  },
};
