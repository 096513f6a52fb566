/** Amending one's own response: the follow-up and extra answers after the score. */
import type { Survey } from '@/schemas/survey';
import { alertRule } from '@/alerts/rule';
import { findResponse, writeAmendment, type StoredResponse } from '../db/responses';
import type { Issue } from '../api/problems';

/**
 * Amending one's own response (the thank-you page's follow-up, PATCH): only within a day of the
 * answer, and only adding what is missing. A field already answered keeps its answer: the same
 * answer again is accepted (a retry), another one is refused, so the caller knows.
 */
export const AMEND_WINDOW_MS = 24 * 60 * 60_000;

export interface Amendment {
  followUp?: string;
  answers: Record<string, unknown>;
}

export type AmendOutcome =
  | { ok: true; updated: boolean; alert?: string }
  | { ok: false; reason: 'unknown' | 'too-late' | 'answered'; issues: Issue[] };

export const isAmendable = (response: Pick<StoredResponse, 'created_at'>, now: number) => now - response.created_at < AMEND_WINDOW_MS;

/** The response with the amendment's new fields added, and the fields it would have replaced. */
export function mergeAmendment(stored: Pick<StoredResponse, 'follow_up' | 'answers'>, amendment: Amendment) {
  const conflicts: string[] = [];
  let followUp = stored.follow_up;
  if (amendment.followUp !== undefined) {
    if (followUp === null) followUp = amendment.followUp;
    else if (followUp !== amendment.followUp) conflicts.push('followUp');
  }
  const answers = JSON.parse(stored.answers) as Record<string, unknown>;
  const added = Object.entries(amendment.answers).filter(([id, value]) => {
    if (value === undefined) return false;
    if (!Object.hasOwn(answers, id)) return true;
    if (answers[id] !== value) conflicts.push(`answers.${id}`);
    return false;
  });
  for (const [id, value] of added) answers[id] = value;
  return { conflicts, followUp, answers, changed: followUp !== stored.follow_up || added.length > 0 };
}

export async function amendResponse(
  db: D1Database,
  survey: Survey,
  id: string,
  amendment: Amendment,
  options: { alertToSend?: boolean; now?: number } = {},
): Promise<AmendOutcome> {
  const now = options.now ?? Date.now();
  const stored = await findResponse(db, survey.id, id);
  if (!stored) return { ok: false, reason: 'unknown', issues: [{ path: 'id', code: 'response.unknown', message: 'no such response in this survey' }] };
  if (!isAmendable(stored, now)) {
    return { ok: false, reason: 'too-late', issues: [{ path: 'id', code: 'response.too_late', message: 'a response can be amended only within 24 hours of the answer' }] };
  }
  const merged = mergeAmendment(stored, amendment);
  if (merged.conflicts.length > 0) {
    const message = 'is already answered: an amendment adds what is missing and never replaces an answer';
    return { ok: false, reason: 'answered', issues: merged.conflicts.map((path) => ({ path, code: 'answer.kept' as const, message })) };
  }
  if (!merged.changed) return { ok: true, updated: false };
  // Written only over the revision read above: an answer that changed meanwhile is never overwritten.
  const written = await writeAmendment(db, stored, merged, now, alertRule(survey.alerts.when), options.alertToSend);
  if (!written.written) {
    return { ok: false, reason: 'answered', issues: [{ path: 'id', code: 'answer.kept', message: 'the response changed meanwhile: send the amendment again' }] };
  }
  return { ok: true, updated: true, alert: written.alert };
}
