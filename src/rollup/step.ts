/** What one step of the rollup writes, as the lists bound to its statements: its changes aggregated once, days and months together (no I/O). */
import { answeredDeltas, dayDeltas, invitationDeltas, membershipsOf, themeDeltas, type Change, type DimensionsOf, type LedgerRow, type NewInvitation } from './deltas';
import { answeredMonthDeltas, invitationMonthDeltas, monthDeltas, themeMonthDeltas } from './months';

/**
 * A ledger row as a step binds it: its fields by position, in this order. Named fields took about
 * 270 bytes a row, so a step of 4,000 answers was over D1's 1 MB a value; by position about 170.
 */
export const LEDGER_FIELDS = ['response_rowid', 'response_id', 'survey', 'paths', 'day', 'locale', 'channel', 'score', 'themes', 'commented'] as const satisfies readonly (keyof LedgerRow)[];
const ledgerEntry = (row: LedgerRow) => LEDGER_FIELDS.map((field) => row[field]);

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
    ledger: changes.map((change) => ledgerEntry(change.after)),
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
