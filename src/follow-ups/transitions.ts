/** How a follow-up moves: new → contacted → resolved, or no-action; reopening needs a note. Pure: what a change records, or why it is refused. */
import type { FollowUpChange, FollowUpField, FollowUpStatus } from '@/schemas/follow-up';

/** Where each status may go without a note. A closed item reopens (contacted or new) only with one. */
const FORWARD: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  new: ['contacted', 'resolved', 'no-action'],
  contacted: ['resolved', 'no-action'],
  resolved: [],
  'no-action': [],
};
const REOPEN: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  new: [],
  contacted: [],
  resolved: ['contacted', 'new'],
  'no-action': ['contacted', 'new'],
};

/** The state a change applies to. */
export interface FollowUpState {
  status: FollowUpStatus;
  owner: string | null;
  due: string;
}

/** One history row: the field and its new value (null: cleared). */
export interface FieldChange {
  field: FollowUpField;
  value: string | null;
}

export type ChangePlan = { ok: true; state: FollowUpState; changes: FieldChange[] } | { ok: false; message: string };

/**
 * What a PATCH records: one history row per field that really changes (the same value again is no
 * change, so a retried form is harmless), or why the move is refused (a 409 naming `status`).
 */
export function planChange(current: FollowUpState, change: FollowUpChange): ChangePlan {
  const state = { ...current };
  const changes: FieldChange[] = [];
  if (change.status !== undefined && change.status !== current.status) {
    const reopening = REOPEN[current.status].includes(change.status);
    if (!FORWARD[current.status].includes(change.status) && !reopening) {
      return { ok: false, message: `cannot go from ${current.status} to ${change.status}` };
    }
    if (reopening && change.note === undefined) {
      return { ok: false, message: `going back from ${current.status} to ${change.status} needs a note saying why` };
    }
    state.status = change.status;
    changes.push({ field: 'status', value: change.status });
  }
  if (change.owner !== undefined && change.owner !== current.owner) {
    state.owner = change.owner;
    changes.push({ field: 'owner', value: change.owner });
  }
  if (change.due !== undefined && change.due !== current.due) {
    state.due = change.due;
    changes.push({ field: 'due', value: change.due });
  }
  if (change.note !== undefined) changes.push({ field: 'note', value: change.note });
  return { ok: true, state, changes };
}
