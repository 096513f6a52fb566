import { categorise } from '../../src/nps/category';
import { parentKey, pathKey, segmentPaths, utcDay } from '../../src/report/segments';
import { themesOf } from '../../src/report/themes';
import { getSurvey } from '../surveys/catalog';
import {
  applyInvitationStep,
  applyResponseStep,
  changedResponses,
  ledgerEntries,
  markCaughtUp,
  newInvitations,
  readPosition,
  isLostClaim,
  type ChangedResponse,
  type InvitationDelta,
  type LedgerEntry,
  type LedgerRow,
  type DayDelta,
  type ScoreDelta,
  type ThemeDelta,
} from '../db/rollups';

/**
 * The scheduled rollup: folds responses changed and invitations sent since the last run into
 * the rollup tables. Its cost follows what is new, not the total; re-running it changes
 * nothing; an interrupted run leaves whole steps behind and the next run carries on.
 */
export interface RollupOptions {
  /** Rows per step: one D1 batch each, with its deltas bound as one JSON parameter. */
  stepSize?: number;
  /** Steps per run at most. */
  maxSteps?: number;
  /** D1 queries this run may use: D1 allows 50 per invocation on the free plan (1,000 paid). */
  maxQueries?: number;
  now?: number;
}

/**
 * The most D1 queries one step can make (D1 counts each statement of a batch): a response step
 * reads the position, the changed rows and their ledger entries, then writes a batch of 8
 * statements; an invitation step reads twice and writes 3. A step that finds nothing new reads
 * twice and marks the stream caught up.
 */
const STEP_QUERIES = { responses: 3 + 8, invitations: 2 + 3 } as const;
export const D1_QUERIES_PER_INVOCATION = 50;

export interface RollupReport {
  responses: number;
  invitations: number;
  /** False when the run stopped at maxSteps (or lost a step to a parallel run): more to fold. */
  caughtUp: boolean;
}

const dimensionsOf = (survey: string) => getSurvey(survey)?.segments ?? [];

function pathsOf(survey: string, segments: string) {
  return segmentPaths(dimensionsOf(survey), JSON.parse(segments) as Record<string, unknown>);
}

/** Rows keyed by identity, each created once and then added to. */
function tally<R>() {
  const rows = new Map<string, R>();
  return {
    at(key: unknown[], fresh: () => R): R {
      const id = JSON.stringify(key);
      let row = rows.get(id);
      if (!row) rows.set(id, (row = fresh()));
      return row;
    },
    rows: () => [...rows.values()],
  };
}

type Change = { before?: LedgerEntry; after: LedgerRow };

/** A change as signed rows: the contribution folded earlier taken out (−1), the new one added. */
function signed({ before, after }: Change): [LedgerRow, number][] {
  if (!before) return [[after, +1]];
  const { response_id, survey, paths, day, locale, channel, score, themes } = before;
  return [[[response_id, survey, paths, day, locale, channel, score, themes], -1], [after, +1]];
}

/** The score deltas of the changes, per survey × path × day × locale × channel × score. */
export function responseDeltas(changes: Change[]): ScoreDelta[] {
  const totals = tally<ScoreDelta>();
  for (const [[, survey, paths, day, locale, channel, score], delta] of changes.flatMap(signed)) {
    for (const path of JSON.parse(paths) as string[][]) {
      const key = pathKey(path);
      totals.at([survey, key, day, locale, channel, score], () => [survey, key, parentKey(path), path.length, day, locale, channel, score, 0])[8] += delta;
    }
  }
  return totals.rows().filter((row) => row[8] !== 0);
}

/** Comments per theme and category: the old themes of an edited comment out, the new ones in. */
export function themeDeltas(changes: Change[]): ThemeDelta[] {
  const totals = tally<ThemeDelta>();
  for (const [[, survey, paths, day, , , score, themes], delta] of changes.flatMap(signed)) {
    const category = categorise(score);
    for (const path of JSON.parse(paths) as string[][]) {
      for (const theme of JSON.parse(themes) as string[]) {
        const key = [survey, pathKey(path), day, theme, category] as const;
        totals.at([...key], () => [...key, 0])[5] += delta;
      }
    }
  }
  return totals.rows().filter((row) => row[5] !== 0);
}

/** The page-facing daily totals: the score deltas summed over locale and channel. */
export function dayDeltas(deltas: ScoreDelta[]): DayDelta[] {
  const totals = tally<DayDelta>();
  for (const [survey, path, parent, level, day, , channel, score, delta] of deltas) {
    const row = totals.at([survey, path, day, score], () => [survey, path, parent, level, day, score, 0, 0]);
    row[6] += delta;
    if (channel === 'invitation') row[7] += delta;
  }
  return totals.rows().filter((row) => row[6] !== 0 || row[7] !== 0);
}

function ledgerRow(response: ChangedResponse): LedgerRow {
  const paths = JSON.stringify(pathsOf(response.survey, response.segments));
  const themes = JSON.stringify(themesOf(response.reason, response.follow_up));
  return [response.id, response.survey, paths, utcDay(response.created_at), response.locale, response.channel, response.score, themes];
}

async function foldResponses(db: D1Database, stepSize: number): Promise<{ count: number } | 'done'> {
  const from = await readPosition(db, 'responses');
  const changed = await changedResponses(db, from, stepSize);
  if (changed.length === 0) return 'done';
  const previous = new Map((await ledgerEntries(db, changed.map((r) => r.id))).map((e) => [e.response_id, e]));
  const ledger = changed.map(ledgerRow);
  const changes: Change[] = ledger.map((after) => ({ before: previous.get(after[0]), after }));
  const deltas = responseDeltas(changes);
  await applyResponseStep(db, from, changed.at(-1)!.revision, deltas, dayDeltas(deltas), themeDeltas(changes), ledger);
  return { count: changed.length };
}

async function foldInvitations(db: D1Database, stepSize: number): Promise<{ count: number } | 'done'> {
  const from = await readPosition(db, 'invitations');
  const sent = await newInvitations(db, from, stepSize);
  if (sent.length === 0) return 'done';
  const totals = tally<InvitationDelta>();
  for (const { survey, segments, created_at } of sent) {
    const day = utcDay(created_at);
    for (const path of pathsOf(survey, segments)) {
      const key = pathKey(path);
      totals.at([survey, key, day], () => [survey, key, parentKey(path), path.length, day, 0])[5] += 1;
    }
  }
  await applyInvitationStep(db, from, sent.at(-1)!.seq, totals.rows());
  return { count: sent.length };
}

export async function regenerate(db: D1Database, options: RollupOptions = {}): Promise<RollupReport> {
  const { stepSize = 1000, maxSteps = 100, maxQueries = D1_QUERIES_PER_INVOCATION } = options;
  const startedAt = options.now ?? Date.now();
  const report: RollupReport = { responses: 0, invitations: 0, caughtUp: false };
  const streams = [
    { name: 'responses' as const, fold: () => foldResponses(db, stepSize), tally: (n: number) => (report.responses += n) },
    { name: 'invitations' as const, fold: () => foldInvitations(db, stepSize), tally: (n: number) => (report.invitations += n) },
  ];
  let steps = 0;
  let queries = 0;
  let finished = 0;
  for (const stream of streams) {
    while (steps < maxSteps && queries + STEP_QUERIES[stream.name] <= maxQueries) {
      steps += 1;
      queries += STEP_QUERIES[stream.name];
      let step;
      try {
        step = await stream.fold();
      } catch (error) {
        // Another run folded this step first: it carries on from here, so this run stops.
        if (isLostClaim(error)) return report;
        throw error;
      }
      if (step === 'done') {
        await markCaughtUp(db, stream.name, startedAt);
        finished += 1;
        break;
      }
      stream.tally(step.count);
    }
  }
  report.caughtUp = finished === streams.length;
  return report;
}
