/** The rollup rows the results pages read (functions/db/results.ts), as the report shaping takes them. */
import type { Category } from '@/nps/category';

/** Answers per score, summed over a period. */
export interface ScoreRow {
  score: number;
  answers: number;
}

/** Answers per score on one day (or the first day of a month). */
export interface DayScoreRow extends ScoreRow {
  day: string;
}

/** The same with how many of them have a comment (the denominator of the themes' shares). */
export interface DayCommentRow extends DayScoreRow {
  commented: number;
}

/** Invitations sent in a period, and how many of those have been answered (at any time since). */
export interface InvitationCounts {
  invitations: number;
  answered: number;
}

export interface ThemeCountRow {
  theme: string;
  category: Category;
  comments: number;
}

/** Comments per theme and category on one day, or in one whole month (day: its first day); the trend buckets them. */
export interface ThemeBucketRow extends ThemeCountRow {
  day: string;
}

/** Everything /results/<survey>/ reads for one node and one period (segment_path: a child's key). */
export interface ReportRows {
  totals: ScoreRow[];
  /** Undefined without a previous period. */
  previousTotals: ScoreRow[] | undefined;
  daily: DayCommentRow[];
  invitations: InvitationCounts;
  children: (ScoreRow & { segment_path: string })[];
  previousChildren: (ScoreRow & { segment_path: string })[];
  invitationsByChild: Map<string, InvitationCounts>;
  themes: ThemeBucketRow[];
}
