import { categorise } from '../../src/nps/category';
import { dayOf } from '../../src/report/days';
import { parentKey, pathKey, segmentPaths } from '../../src/report/segments';
import { themesOf } from '../../src/report/themes';
import { getSurvey } from '../surveys/catalog';
import type {
  ChangedResponse,
  DayDelta,
  InvitationDelta,
  LedgerEntry,
  LedgerRow,
  NewInvitation,
  ScoreDelta,
  ThemeDelta,
} from '../db/rollups';

/** The rollup's arithmetic: what rows add to the rollup tables, as pure functions of the rows. */

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

/** A response's contribution before and after this change; `invitedAt` when it answers an invitation. */
export type Change = { before?: LedgerEntry; after: LedgerRow; invitedAt?: number | null };

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

export function ledgerRow(response: ChangedResponse): LedgerRow {
  const paths = JSON.stringify(pathsOf(response.survey, response.segments));
  const themes = JSON.stringify(themesOf(response.reason, response.follow_up));
  return [response.id, response.survey, paths, dayOf(response.created_at), response.locale, response.channel, response.score, themes];
}

export function invitationDeltas(sent: NewInvitation[]): InvitationDelta[] {
  const totals = tally<InvitationDelta>();
  for (const { survey, segments, created_at } of sent) {
    const day = dayOf(created_at);
    for (const path of pathsOf(survey, segments)) {
      const key = pathKey(path);
      totals.at([survey, key, day], () => [survey, key, parentKey(path), path.length, day, 0])[5] += 1;
    }
  }
  return totals.rows();
}

/** Invitations answered for the first time (no earlier contribution), per path and the day each was sent. */
export function answeredDeltas(changes: Change[]): InvitationDelta[] {
  const totals = tally<InvitationDelta>();
  for (const { before, after, invitedAt } of changes) {
    if (invitedAt == null || before) continue;
    const [, survey, paths] = after;
    const day = dayOf(invitedAt);
    for (const path of JSON.parse(paths) as string[][]) {
      const key = pathKey(path);
      totals.at([survey, key, day], () => [survey, key, parentKey(path), path.length, day, 0])[5] += 1;
    }
  }
  return totals.rows();
}
