/** The rollup's arithmetic: the named rows it reads and writes, and what changes add to them, as pure functions. */
import { categorise, type Category } from '@/nps/category';
import { hasComment } from '@/report/comments';
import { dayOf } from '@/report/days';
import { parentKey, pathKey, segmentPaths } from '@/report/segments';
import { themesOf } from '@/report/themes';
import { SCORES } from '@/report/histogram';
import { cached } from '@/report/cached';

/** A survey's segment dimensions, top down: the caller looks them up (the core reads no catalogue). */
export type DimensionsOf = (survey: string) => readonly string[];

/** A response changed since the last fold, as the job reads it. */
export interface ChangedResponse {
  /** The answer's rowid in responses: its ledger row's key (migrations/0028). */
  rowid: number;
  id: string;
  survey: string;
  score: number;
  reason: string | null;
  follow_up: string | null;
  segments: string;
  locale: string;
  channel: string;
  created_at: number;
  revision: number;
  /** When the invitation it answers was sent, null for a link answer (answered invitations per day sent). */
  invited_at: number | null;
}

/** An invitation sent since the last fold; `seq` is its rowid, the stream position. */
export interface NewInvitation {
  seq: number;
  id: string;
  survey: string;
  segments: string;
  created_at: number;
}

/** A response as last folded in: a rollup_ledger row (paths and themes are JSON arrays), keyed by the response's rowid; with the response's id, which the ledger does not keep. */
export interface LedgerRow {
  response_rowid: number;
  response_id: string;
  survey: string;
  paths: string;
  day: string;
  locale: string;
  channel: string;
  score: number;
  themes: string;
  /** 1 when the answer had a comment (hasComment), else 0. */
  commented: number;
}

/** Where a count goes: one segment path of a survey, on one UTC day. */
interface PathDay {
  survey: string;
  segment_path: string;
  parent_path: string | null;
  level: number;
  day: string;
}

/**
 * What a step adds to a rollup_days row (migrations/0026): answers in all and per score (`scores`,
 * indexed by score, the columns s0 … s10), how many came through an invitation, how many have a comment.
 */
export interface DayDelta extends PathDay {
  answers: number;
  scores: number[];
  invited: number;
  commented: number;
}

/** What a step adds to rollup_invitations.invitations: invitations sent. */
export interface InvitationDelta extends PathDay {
  invitations: number;
}

/** What a step adds to rollup_invitations.answered: invitations answered for the first time, on the day sent. */
export interface AnsweredDelta extends PathDay {
  answered: number;
}

/** What a step adds to a rollup_themes row: comments per theme and category. */
export interface ThemeDelta {
  survey: string;
  segment_path: string;
  day: string;
  theme: string;
  category: Category;
  comments: number;
}

/** A response in a theme (response_themes), for the comments page's filter. */
export interface Membership {
  /** The response's rowid (migrations/0028). */
  response_rowid: number;
  theme: string;
}

/** The theme memberships a change leaves: those of the response as folded now. */
export const membershipsOf = ({ after }: Change): Membership[] =>
  after.themes === '[]' ? [] : themeList(after.themes).map((theme) => ({ response_rowid: after.response_rowid, theme }));

/** A response's contribution before and after this change; `invitedDay`, the day its invitation was sent, when it answers one. */
export type Change = { before?: LedgerRow; after: LedgerRow; invitedDay?: string | null };

/** Rows keyed by identity (its parts, outermost first), each created once and then added to. */
function tally<R>() {
  // A map per part: the parts (segment paths, days) are the same strings over and over, never joined.
  const root = new Map<string, unknown>();
  const rows: R[] = [];
  return {
    at(key: readonly string[], fresh: () => R): R {
      let level = root;
      for (let i = 0; i < key.length - 1; i++) {
        let next = level.get(key[i]!) as Map<string, unknown> | undefined;
        if (!next) level.set(key[i]!, (next = new Map()));
        level = next;
      }
      let row = level.get(key[key.length - 1]!) as R | undefined;
      if (row === undefined) {
        level.set(key[key.length - 1]!, (row = fresh()));
        rows.push(row);
      }
      return row;
    },
    rows: () => rows,
  };
}

/** A segment path as the rollup tables key it. */
type PathKeys = Pick<PathDay, 'segment_path' | 'parent_path' | 'level'>;

const keysOf = (path: string[]): PathKeys => ({ segment_path: pathKey(path), parent_path: parentKey(path), level: path.length });

// Paths and themes worked out once per distinct value: a step folds many answers of the same people.
/** A ledger row's themes (JSON) as a list. */
const themeList = cached((themes: string) => JSON.parse(themes) as string[]);

/** A ledger row's paths (JSON) as keys. */
const pathsOf = cached((paths: string) => (JSON.parse(paths) as string[][]).map(keysOf));

/** The paths of a survey's answer or invitation with these segments (JSON): as the ledger keeps them, and as keys. Throws when the segments do not fold. */
const segmentCaches = new WeakMap<DimensionsOf, (key: string) => { json: string; keys: PathKeys[] }>();
function pathsOfSegments(survey: string, segments: string, dimensionsOf: DimensionsOf) {
  let paths = segmentCaches.get(dimensionsOf);
  if (!paths) {
    paths = cached((key: string) => {
      // The survey id, then the segments: a survey id holds no \u0000.
      const cut = key.indexOf('\u0000');
      const found = segmentPaths(dimensionsOf(key.slice(0, cut)), JSON.parse(key.slice(cut + 1)) as Record<string, unknown>);
      return { json: JSON.stringify(found), keys: found.map(keysOf) };
    });
    segmentCaches.set(dimensionsOf, paths);
  }
  return paths(`${survey}\u0000${segments}`);
}

const pathDay = (survey: string, keys: PathKeys, day: string): PathDay => ({ survey, ...keys, day });

/** A change as signed rows: the contribution folded earlier taken out (−1), the new one added. */
function signed({ before, after }: Change): [LedgerRow, number][] {
  return before ? [[before, -1], [after, +1]] : [[after, +1]];
}

/** Whether a delta changes anything: an edit within a day, path and score adds nothing. */
export const movesCounts = (row: { answers: number; scores: number[]; invited: number; commented: number }) =>
  row.answers !== 0 || row.invited !== 0 || row.commented !== 0 || row.scores.some((n) => n !== 0);

/** The daily totals the pages read, per survey × path × day; `invited` counts the invitation channel, `commented` the answers with a comment. */
export function dayDeltas(changes: Change[]): DayDelta[] {
  const totals = tally<DayDelta>();
  for (const [{ survey, paths, day, channel, score, commented }, delta] of changes.flatMap(signed)) {
    for (const keys of pathsOf(paths)) {
      const row = totals.at([survey, keys.segment_path, day], () => ({ ...pathDay(survey, keys, day), answers: 0, scores: Array<number>(SCORES).fill(0), invited: 0, commented: 0 }));
      row.answers += delta;
      row.scores[score]! += delta;
      if (channel === 'invitation') row.invited += delta;
      if (commented) row.commented += delta;
    }
  }
  return totals.rows().filter(movesCounts);
}

/** Comments per theme and category: the old themes of an edited comment out, the new ones in. */
export function themeDeltas(changes: Change[]): ThemeDelta[] {
  const totals = tally<ThemeDelta>();
  for (const [{ survey, paths, day, score, themes }, delta] of changes.flatMap(signed)) {
    if (themes === '[]') continue;
    const category = categorise(score);
    for (const { segment_path } of pathsOf(paths)) {
      for (const theme of themeList(themes)) {
        totals.at([survey, segment_path, day, theme, category], () => ({ survey, segment_path, day, theme, category, comments: 0 })).comments += delta;
      }
    }
  }
  return totals.rows().filter((row) => row.comments !== 0);
}

export function ledgerRow(response: ChangedResponse, dimensionsOf: DimensionsOf): LedgerRow {
  return {
    response_rowid: response.rowid,
    response_id: response.id,
    survey: response.survey,
    paths: pathsOfSegments(response.survey, response.segments, dimensionsOf).json,
    day: dayOf(response.created_at),
    locale: response.locale,
    channel: response.channel,
    score: response.score,
    themes: JSON.stringify(themesOf(response.reason, response.follow_up)),
    commented: hasComment(response.reason, response.follow_up) ? 1 : 0,
  };
}

/** Where an invitation counts: its day and paths. Throws when its data does not fold. */
export const sentTo = ({ survey, segments, created_at }: NewInvitation, dimensionsOf: DimensionsOf) => ({ day: dayOf(created_at), keys: pathsOfSegments(survey, segments, dimensionsOf).keys });

export function invitationDeltas(sent: NewInvitation[], dimensionsOf: DimensionsOf): InvitationDelta[] {
  const totals = tally<InvitationDelta>();
  for (const invitation of sent) {
    const { survey } = invitation;
    const { day, keys: paths } = sentTo(invitation, dimensionsOf);
    for (const keys of paths) {
      totals.at([survey, keys.segment_path, day], () => ({ ...pathDay(survey, keys, day), invitations: 0 })).invitations += 1;
    }
  }
  return totals.rows();
}

/** Invitations answered for the first time (no earlier contribution), per path and the day each was sent. */
export function answeredDeltas(changes: Change[]): AnsweredDelta[] {
  const totals = tally<AnsweredDelta>();
  for (const { before, after, invitedDay: day } of changes) {
    if (day == null || before) continue;
    for (const keys of pathsOf(after.paths)) {
      totals.at([after.survey, keys.segment_path, day], () => ({ ...pathDay(after.survey, keys, day), answered: 0 })).answered += 1;
    }
  }
  return totals.rows();
}
