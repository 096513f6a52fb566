/** A survey's `alerts.when` as a rule: the highest score that alerts, and whether any comment does. */
import { hasComment } from '@/report/comments';
import type { AlertWhen } from '@/schemas/survey';

export interface AlertRule {
  /** Scores at or below this alert (-1: none by score). */
  maxScore: number;
  /** A reason or follow-up answer alerts whatever the score. */
  commented: boolean;
}

export function alertRule(when: AlertWhen): AlertRule {
  if (when === 'detractor') return { maxScore: 6, commented: false };
  if (when === 'passive-or-worse') return { maxScore: 8, commented: false };
  if (when === 'commented') return { maxScore: -1, commented: true };
  return { maxScore: Number(when.slice('score<='.length)), commented: false };
}

/** Whether an answer matches; the database applies the same rule in SQL (functions/db/alerts.ts). */
export function matchesAlert(rule: AlertRule, answer: { score: number; reason?: string | null; followUp?: string | null }) {
  return answer.score <= rule.maxScore || (rule.commented && hasComment(answer.reason, answer.followUp));
}
