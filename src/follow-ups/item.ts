/** A follow-up item as the API and the pages show it, from its stored row: by the answer's ref, never its id. */
import type { CommentSource } from '@/report/comments';
import { dayOf } from '@/report/days';
import type { FollowUp, FollowUpHistory, FollowUpStatus } from '@/schemas/follow-up';
import { dueDay } from './due';
import type { FollowUpState } from './transitions';

/** An item as functions/db/follow-ups.ts reads it: `status` null while nobody has acted on it. */
export interface FollowUpRow extends Omit<CommentSource, 'rank'> {
  /** The response id: for writing only, never shown (the respondent's capability). */
  id: string;
  survey: string;
  contact_id: string | null;
  status: FollowUpStatus | null;
  owner: string | null;
  due: string | null;
  updated_at: number | null;
  contact_name: string | null;
  contact_email: string | null;
}

export interface HistoryRow {
  at: number;
  actor: string;
  field: FollowUpHistory['field'];
  value: string | null;
}

/** The state a change applies to: an untouched item is `new`, nobody's, due 2 working days after the answer. */
export function stateOf(row: FollowUpRow): FollowUpState {
  return { status: row.status ?? 'new', owner: row.owner, due: row.due ?? dueDay(dayOf(row.created_at)) };
}

export function followUpOf(row: FollowUpRow): FollowUp {
  return {
    ref: row.ref,
    survey: row.survey,
    score: row.score,
    category: row.category,
    reason: row.reason,
    followUp: row.follow_up,
    segments: JSON.parse(row.segments) as Record<string, string>,
    locale: row.locale,
    answeredAt: new Date(row.created_at).toISOString(),
    ...stateOf(row),
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at).toISOString(),
    contact: row.contact_id === null ? null : { name: row.contact_name, email: row.contact_email },
  };
}

export function historyOf(rows: HistoryRow[]): FollowUpHistory[] {
  return rows.map((h) => ({ at: new Date(h.at).toISOString(), actor: h.actor, field: h.field, value: h.value }));
}
