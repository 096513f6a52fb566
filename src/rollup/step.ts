/** What one step of the rollup writes, as the lists bound to its statements: its changes aggregated once, days and months together (no I/O). */
import { answeredDeltas, dayDeltas, invitationDeltas, membershipsOf, themeDeltas, type Change, type DimensionsOf, type LedgerRow, type NewInvitation } from './deltas';
import { answeredMonthDeltas, invitationMonthDeltas, monthDeltas, themeMonthDeltas } from './months';

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
    days,
    themes,
    answered,
    months: monthDeltas(days),
    themeMonths: themeMonthDeltas(themes),
    answeredMonths: answeredMonthDeltas(answered),
    /** The ledger entries by the answers' rowids. */
    ledger: Object.fromEntries(changes.map(({ after }) => [after.response_rowid, ledgerEntry(after)])),
    memberships: changes.flatMap(membershipsOf),
    /** The rowids of the responses folded before: their old memberships go. */
    refolded: changes.flatMap((change) => (change.before ? [change.after.response_rowid] : [])),
  };
}
export type ResponsePayloads = ReturnType<typeof responsePayloads>;

/** An invitation step's payloads. */
export function invitationPayloads(sent: NewInvitation[], dimensionsOf: DimensionsOf) {
  const invitations = invitationDeltas(sent, dimensionsOf);
  return { invitations, invitationMonths: invitationMonthDeltas(invitations) };
}
export type InvitationPayloads = ReturnType<typeof invitationPayloads>;
