// A D1 that fails every query, as during an outage: for tests of the 503 paths.
export function brokenDatabase(): D1Database {
  const fail = () => {
    throw new Error('D1_ERROR: Network connection lost.');
  };
  return {
    prepare: () => ({ bind: () => ({ first: fail, run: fail, all: fail, raw: fail }), first: fail, run: fail, all: fail, raw: fail }),
    batch: fail,
    exec: fail,
    dump: fail,
    withSession: fail,
  } as unknown as D1Database;
}
