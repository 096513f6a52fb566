/** Goals per team: the survey's `targets` looked up by segment path, and the gap to them in words. */
import type { Survey } from '@/schemas/survey';
import { formatNps } from '@/report/format';
import type { SegmentPath } from '@/report/segments';

/** A node's goal, and how far its NPS is from it: null when the NPS is not shown (no or too few answers). */
export interface Goal {
  target: number;
  /** Rounded NPS − target, as the page shows both. */
  gap: number | null;
}

/** The goal set for exactly this path ("" the whole survey, "Support/Tier 1"), if any. */
export function targetOf(survey: Pick<Survey, 'targets'>, path: SegmentPath): number | undefined {
  return survey.targets[path.join('/')];
}

export function goalOf(survey: Pick<Survey, 'targets'>, path: SegmentPath, estimate: { nps: number | null; hidden: boolean }): Goal | null {
  const target = targetOf(survey, path);
  if (target === undefined) return null;
  return { target, gap: estimate.hidden || estimate.nps === null ? null : Math.round(estimate.nps) - target };
}

const points = (n: number) => `${n} point${n === 1 ? '' : 's'}`;

/** "5 points below the goal of +45", "On the goal of +45"; "Goal +45" alone when there is no NPS to compare. */
export function gapText(goal: Goal): string {
  const of = `the goal of ${formatNps(goal.target)}`;
  if (goal.gap === null) return `Goal ${formatNps(goal.target)}`;
  if (goal.gap === 0) return `On ${of}`;
  return `${points(Math.abs(goal.gap))} ${goal.gap < 0 ? 'below' : 'above'} ${of}`;
}

/** The gap as a signed number for a table cell: "−5", "+3", "0", "–" when unknown. */
export const gapCell = (goal: Goal | null) => (goal === null ? '' : formatNps(goal.gap));
