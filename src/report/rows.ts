/** The rollup rows the results pages read (functions/db/results.ts), as the report shaping takes them. */
import type { Category } from '@/nps/category';
import { SCORES } from '@/report/histogram';

/** The columns of a day or month rollup row that hold its answers per score (migrations/0026): s0 … s10. */
export const SCORE_COLUMNS = Array.from({ length: SCORES }, (_, score) => `s${score}`);

/** A rollup row as stored: answers per score in its score columns. */
export type ScoreColumns = Record<string, number>;

/** Answers per score, summed over a period. */
export interface ScoreRow {
  score: number;
  answers: number;
}

/**
 * A stored row as a row per score that has answers, each carrying `rest`. `once` holds counts of
 * the whole row (such as its comments): the first row carries them and the others 0, so summing
 * the rows counts them once.
 */
export function scoreRowsOf<R extends object, O extends Record<string, number>>(row: ScoreColumns, rest: R, once: O): (ScoreRow & R & O)[] {
  const rows: (ScoreRow & R & O)[] = [];
  // The first row carries `once`, every later one the same keys at 0: each row is one copy of one
  // of these two (made once a call: this runs for every row a page reads) and its score.
  let carried: R & O = { ...rest, ...once };
  for (let score = 0; score < SCORES; score++) {
    const answers = row[SCORE_COLUMNS[score]!] ?? 0;
    if (answers === 0) continue;
    const first = rows.length === 0;
    rows.push({ ...carried, score, answers });
    if (first) carried = { ...rest, ...zeroed(once) };
  }
  // A row whose answers net to nothing can still carry a count.
  if (rows.length === 0 && Object.values(once).some((n) => n !== 0)) rows.push({ ...rest, ...once, score: 0, answers: 0 });
  return rows;
}

const zeroed = <O extends Record<string, number>>(counts: O) => {
  const zero = {} as Record<string, number>;
  for (const key in counts) zero[key] = 0;
  return zero as O;
};

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
