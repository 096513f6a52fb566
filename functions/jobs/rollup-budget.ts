/** The ROLLUP_ROWS_PER_RUN var (wrangler.toml): how many rows one Cron run of the rollup folds at most, read and checked once per value. */

export const ROLLUP_BUDGET_VAR = 'ROLLUP_ROWS_PER_RUN';
/** A run of 100,000 rows is minutes of CPU: past any plan's use of a per-run budget. */
export const ROLLUP_BUDGET_MAX = 100_000;

/** The var holds something the rollup cannot run with: its message names the var, the value and what it takes. */
export class RollupBudgetError extends Error {
  override name = 'RollupBudgetError';
}

/** Rows per run, or undefined for no budget but D1's queries (Workers Paid, the default). */
export type RollupBudget = number | undefined;

let checked: { raw: string; budget: RollupBudget } | undefined;

function parse(raw: string): RollupBudget {
  const text = raw.trim();
  if (text === '') return undefined;
  const rows = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(rows >= 1 && rows <= ROLLUP_BUDGET_MAX)) {
    throw new RollupBudgetError(
      `${ROLLUP_BUDGET_VAR} (wrangler.toml [vars]) is ${JSON.stringify(raw)}: it takes a whole number of rows from 1 to ${ROLLUP_BUDGET_MAX.toLocaleString('en')}, ` +
        `or "" for no budget (Workers Paid). The rollup does not run until it is fixed.`,
    );
  }
  return rows;
}

/** The budget the var sets, or the error that says why it cannot be used (for callers that go on without the rollup). */
export function readRollupBudget(env: { ROLLUP_ROWS_PER_RUN?: string }): RollupBudget | RollupBudgetError {
  try {
    return rollupBudget(env);
  } catch (error) {
    if (error instanceof RollupBudgetError) return error;
    throw error;
  }
}

/** The budget the var sets; throws RollupBudgetError when it holds anything else. */
export function rollupBudget(env: { ROLLUP_ROWS_PER_RUN?: string }): RollupBudget {
  const raw = env.ROLLUP_ROWS_PER_RUN ?? '';
  if (checked?.raw !== raw) checked = { raw, budget: parse(raw) };
  return checked.budget;
}
