/** What one step of the rollup writes, as the lists bound to its statements: its changes aggregated once, days and months together (no I/O). */
import {
  answeredDeltas,
  dayDeltas,
  invitationDeltas,
  membershipsOf,
  themeDeltas,
  type Change,
  type DayDelta,
  type DimensionsOf,
  type LedgerRow,
  type Membership,
  type NewInvitation,
  type ThemeDelta,
} from './deltas';
import { answeredMonthDeltas, invitationMonthDeltas, monthDeltas, themeMonthDeltas } from './months';

/**
 * Rows as a step binds them: each a JSON array of its columns, in the order the upserts read them
 * (functions/db/rollup-upserts.ts). SQLite picks a field out of an array faster than out of an
 * object, and the bound values are smaller.
 */
type Period = { day: string } | { month: string };
const periodOf = (row: Period) => ('day' in row ? row.day : row.month);
type PathRow = { survey: string; segment_path: string; parent_path: string | null; level: number } & Period;
/** survey, segment_path, parent_path, level, day or month, answers, invited, commented, s0 … s10. */
const scoreRow = (row: Omit<DayDelta, 'day'> & Period) => [row.survey, row.segment_path, row.parent_path, row.level, periodOf(row), row.answers, row.invited, row.commented, ...row.scores];
/** survey, segment_path, day or month, theme, category, comments. */
const themeRow = (row: Omit<ThemeDelta, 'day'> & Period) => [row.survey, row.segment_path, periodOf(row), row.theme, row.category, row.comments];
/** survey, segment_path, parent_path, level, day or month, the count. */
const countRow = (row: PathRow, count: number) => [row.survey, row.segment_path, row.parent_path, row.level, periodOf(row), count];
/** response_rowid, theme. */
const membershipRow = (row: Membership) => [row.response_rowid, row.theme];


/**
 * A ledger row's entry (rollup_ledger.entry, migrations/0030): its fields by position, in this
 * order, as one JSON array. A step binds its entries as one object keyed by the answers' rowids,
 * which the ledger stores as they come: no field is picked out of the JSON.
 */
export const LEDGER_FIELDS = ['survey', 'paths', 'day', 'locale', 'channel', 'score', 'themes', 'commented'] as const satisfies readonly (keyof LedgerRow)[];
type LedgerEntry = [survey: string, paths: string, day: string, locale: string, channel: string, score: number, themes: string, commented: number];

const ledgerEntry = (row: LedgerRow) => LEDGER_FIELDS.map((field) => row[field]);

/** A ledger row from its entry (JSON) as stored, with the answer's rowid and id. */
export function fromLedgerEntry(response_rowid: number, response_id: string, entry: string): LedgerRow {
  const [survey, paths, day, locale, channel, score, themes, commented] = JSON.parse(entry) as LedgerEntry;
  return { response_rowid, response_id, survey, paths, day, locale, channel, score, themes, commented };
}

/** A response step's payloads: what each of its statements binds. */
export function responsePayloads(changes: Change[]) {
  const days = dayDeltas(changes);
  const themes = themeDeltas(changes);
  const answered = answeredDeltas(changes);
  return {
    days: days.map(scoreRow),
    themes: themes.map(themeRow),
    answered: answered.map((row) => countRow(row, row.answered)),
    months: monthDeltas(days).map(scoreRow),
    themeMonths: themeMonthDeltas(themes).map(themeRow),
    answeredMonths: answeredMonthDeltas(answered).map((row) => countRow(row, row.answered)),
    /** The ledger entries by the answers' rowids. */
    ledger: Object.fromEntries(changes.map(({ after }) => [after.response_rowid, ledgerEntry(after)])),
    memberships: changes.flatMap(membershipsOf).map(membershipRow),
    /** The rowids of the responses folded before: their old memberships go. */
    refolded: changes.flatMap((change) => (change.before ? [change.after.response_rowid] : [])),
  };
}
export type ResponsePayloads = ReturnType<typeof responsePayloads>;

/** An invitation step's payloads. */
export function invitationPayloads(sent: NewInvitation[], dimensionsOf: DimensionsOf) {
  const invitations = invitationDeltas(sent, dimensionsOf);
  return {
    invitations: invitations.map((row) => countRow(row, row.invitations)),
    invitationMonths: invitationMonthDeltas(invitations).map((row) => countRow(row, row.invitations)),
  };
}
export type InvitationPayloads = ReturnType<typeof invitationPayloads>;
