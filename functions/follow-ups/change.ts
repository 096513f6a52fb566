/** Changing a follow-up (PATCH and the item page's form): the move checked, then written whole in one batch. */
import { planChange } from '@/follow-ups/transitions';
import { followUpOf, stateOf } from '@/follow-ups/item';
import type { FollowUp, FollowUpChange } from '@/schemas/follow-up';
import type { Identity } from '../auth/staff';
import { findFollowUp, writeFollowUpChange } from '../db/follow-ups';
import type { Issue } from '../api/problems';
import { REF_PATTERN } from '@/schemas/response';

/** 404: no answer needing a follow-up has this ref. */
export const UNKNOWN_REF: Issue = { path: 'ref', code: 'follow_up.unknown', message: 'no answer to follow up with this ref' };

export type ChangeOutcome = { ok: true; item: FollowUp } | { ok: false; status: 404 | 409; issues: Issue[] };

/** A public ref: 16 hex digits (migrations/0007). Anything else is no item. */
export const isRef = (ref: string) => REF_PATTERN.test(ref);

/** Who changed it, as the history shows: the Cloudflare Access e-mail, or "admin" for the token and its login. */
export const actorOf = (identity: Identity) => (identity.via === 'access' ? identity.sub : 'admin');

export async function changeFollowUp(db: D1Database, ref: string, change: FollowUpChange, actor: string, now = Date.now()): Promise<ChangeOutcome> {
  const row = isRef(ref) ? await findFollowUp(db, ref) : null;
  if (!row) return { ok: false, status: 404, issues: [UNKNOWN_REF] };
  const plan = planChange(stateOf(row), change);
  if (!plan.ok) return { ok: false, status: 409, issues: [{ path: 'status', code: 'follow_up.move', message: plan.message }] };
  if (plan.changes.length === 0) return { ok: true, item: followUpOf(row) };
  if (!(await writeFollowUpChange(db, row, plan.state, plan.changes, actor, now))) {
    return { ok: false, status: 409, issues: [{ path: 'ref', code: 'follow_up.move', message: 'the item changed meanwhile: reload it and try again' }] };
  }
  return { ok: true, item: followUpOf({ ...row, ...plan.state, updated_at: now }) };
}
