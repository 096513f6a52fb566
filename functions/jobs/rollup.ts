/** The scheduled rollup: folds what changed since the last run into the rollup tables, step by step. */
import { isOverLimit } from '../db/d1-limits';
import type { SetAside } from '../db/set-aside';
import {
  applyInvitationStep,
  applyResponseStep,
  changedResponses,
  markCaughtUp,
  newInvitations,
  readPosition,
  isLostClaim,
  type ChangedSince,
  type Stream,
} from '../db/rollups';
import { getSurvey } from '../surveys/catalog';
import { ledgerRow, sentTo, type Change, type NewInvitation } from '@/rollup/deltas';
import { invitationPayloads, responsePayloads } from '@/rollup/step';
import { dayOf } from '@/report/days';
import { planStep, refuseWith, type Fold, type Payloads, type StepPlan } from './rollup-step';

// Its cost follows what is new, not the total; re-running it changes nothing; an interrupted
// run leaves whole steps behind and the next run carries on.

const dimensionsOf = (survey: string) => getSurvey(survey)?.segments ?? [];

export interface RollupOptions {
  /** Rows per step at most (4,000): one D1 batch each, its deltas bound as JSON parameters within D1's limits, which may cut it first. */
  stepSize?: number;
  /** Steps per run at most. */
  maxSteps?: number;
  /** D1 queries this run may use: D1 allows 50 per invocation on the free plan (1,000 paid). */
  maxQueries?: number;
  /** Rows (answers and invitations, folded or set aside) this run covers at most: its CPU follows them (ROLLUP_ROWS_PER_RUN). */
  maxRows?: number;
  now?: number;
}

/**
 * The most D1 queries one step can make (D1 counts each statement of a batch): a response step
 * reads the changed rows with their ledger entries and the position in one query, then writes a batch of at
 * most 13 statements (the claim, 9 rollup writes: days and months, forgetting and recording set-aside rows),
 * only those with rows to write; an invitation step reads twice and writes at most 5. A step that finds nothing new reads (once or twice) and marks
 * the stream caught up.
 */
const STEP_QUERIES = { responses: 1 + 13, invitations: 2 + 5 } as const;
export const D1_QUERIES_PER_INVOCATION = 50;

export interface RollupReport {
  responses: number;
  invitations: number;
  /** Rows this run set aside (rollup_set_aside): they can never be folded, and no longer hold up the rest. */
  setAside: (SetAside & { stream: Stream })[];
  /** False when the run stopped at maxSteps, maxQueries or maxRows (or lost a step to a parallel run): more to fold. */
  caughtUp: boolean;
}

/** How many rows a step may read, and the reason to set its one row aside when D1 refused it alone. */
interface StepLimit {
  rows: number;
  refuse?: string;
}

/** A step folded (and set aside) rows, or D1 refused it for its size, or there was nothing left. */
type Step = { count: number; setAside: SetAside[] } | { refused: number; message: string } | 'done';

async function applied(plan: StepPlan<unknown, Payloads>, apply: () => Promise<void>): Promise<Step> {
  try {
    await apply();
  } catch (error) {
    // SQLITE_TOOBIG is decided by the data, so it would fail the same way on every run.
    if (isOverLimit(error)) return { refused: plan.folded.length + plan.setAside.length, message: (error as Error).message };
    throw error;
  }
  return { count: plan.folded.length, setAside: plan.setAside };
}

/** A response as folded now, with what it was folded as before; throws when its data does not fold. */
const responseFold: Fold<ChangedSince, Change> = (response) => ({
  before: response.before,
  after: ledgerRow(response, dimensionsOf),
  invitedDay: response.invited_at == null ? null : dayOf(response.invited_at),
});

async function foldResponses(db: D1Database, limit: StepLimit): Promise<Step> {
  const { from, changed } = await changedResponses(db, limit.rows);
  if (changed.length === 0) return 'done';
  const plan = planStep(changed, (r) => r.revision, limit.refuse ? refuseWith(limit.refuse) : responseFold, responsePayloads);
  return applied(plan, () => applyResponseStep(db, { from, to: plan.to, folded: plan.folded.length, ...plan.payloads, setAside: plan.setAside }));
}

/** An invitation folds when its day and segments do. */
const invitationFold: Fold<NewInvitation, NewInvitation> = (invitation) => (sentTo(invitation, dimensionsOf), invitation);

async function foldInvitations(db: D1Database, limit: StepLimit): Promise<Step> {
  const from = await readPosition(db, 'invitations');
  const sent = await newInvitations(db, from, limit.rows);
  if (sent.length === 0) return 'done';
  const plan = planStep(sent, (i) => i.seq, limit.refuse ? refuseWith(limit.refuse) : invitationFold, (folded) => invitationPayloads(folded, dimensionsOf));
  return applied(plan, () => applyInvitationStep(db, { from, to: plan.to, ...plan.payloads, setAside: plan.setAside }));
}

/** One run of the rollup: folds new rows step by step, within its step and query budgets. */
export async function foldNewRows(db: D1Database, options: RollupOptions = {}): Promise<RollupReport> {
  const { stepSize = 4000, maxSteps = 100, maxQueries = D1_QUERIES_PER_INVOCATION, maxRows = Infinity } = options;
  const startedAt = options.now ?? Date.now();
  const report: RollupReport = { responses: 0, invitations: 0, setAside: [], caughtUp: false };
  const streams = [
    { name: 'responses' as const, fold: (limit: StepLimit) => foldResponses(db, limit) },
    { name: 'invitations' as const, fold: (limit: StepLimit) => foldInvitations(db, limit) },
  ];
  let steps = 0;
  let queries = 0;
  let finished = 0;
  // Rows the run may still cover: a step reads no more, so it folds no more.
  let rows = maxRows;
  for (const stream of streams) {
    let limit: StepLimit = { rows: Math.min(stepSize, rows) };
    while (limit.rows > 0 && steps < maxSteps && queries + STEP_QUERIES[stream.name] <= maxQueries) {
      steps += 1;
      queries += STEP_QUERIES[stream.name];
      let step;
      try {
        step = await stream.fold(limit);
      } catch (error) {
        // Another run folded this step first: it carries on from here, so this run stops.
        if (isLostClaim(error)) return report;
        // Anything else (a lost connection, an overloaded database) may pass: nothing is set
        // aside, and the next run tries the same rows again.
        throw error;
      }
      if (step === 'done') {
        await markCaughtUp(db, stream.name, startedAt);
        finished += 1;
        break;
      }
      if ('refused' in step) {
        // D1 refused a step sized within its published limits: halve it until the row it will not
        // take is alone, then set that row aside.
        limit = step.refused > 1 ? { rows: Math.ceil(step.refused / 2) } : { rows: 1, refuse: `D1 refused it alone: ${step.message}` };
        continue;
      }
      rows -= step.count + step.setAside.length;
      limit = { rows: Math.min(stepSize, limit.rows * 2, rows) };
      report[stream.name] += step.count;
      report.setAside.push(...step.setAside.map((row) => ({ ...row, stream: stream.name })));
    }
  }
  report.caughtUp = finished === streams.length;
  return report;
}
