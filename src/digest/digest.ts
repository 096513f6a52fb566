/** The weekly digest of one survey, shaped from rollup rows (read by functions/digest/); no I/O. */
import type { Survey } from '@/schemas/survey';
import type { Comparison } from '@/nps/interval';
import type { CategoryCounts } from '@/nps/score';
import { addDays, dayOf, daysBetween, type DayRange } from '@/report/days';
import { goalOf, gapText } from '@/report/goals';
import { estimateOf, histogramOf, withFloor } from '@/report/histogram';
import type { ScoreRow, ThemeCountRow } from '@/report/rows';
import { changeOf } from '@/report/survey-report';
import { themeImpact } from '@/report/theme-impact';
import { fastestGrowingTheme, sharesByBucket, type Growth } from '@/report/theme-trend';
import { THEMES } from '@/report/themes';

/** Open follow-ups of a survey (functions/db/digest.ts), and the oldest one by the answer's time. */
export interface OpenFollowUps {
  open: number;
  oldestAt: number | null;
  oldestRef: string | null;
}

/** Answers per score in a week, and how many of them have a comment. */
export type WeekScoreRow = ScoreRow & { commented: number };

/** What the digest reads for one survey: answers per score, and comments per theme and category, in both weeks (`current` 1 for the later). */
export interface DigestRows {
  current: WeekScoreRow[];
  previous: WeekScoreRow[];
  themes: (ThemeCountRow & { current: number })[];
  followUps: OpenFollowUps;
}

/** The digest as stored (digests.body) and sent: the webhook body adds its type and delivery id. */
export interface Digest {
  survey: string;
  createdAt: string;
  period: DayRange;
  previousPeriod: DayRange;
  /** The past 7 days; nps, low and high null without answers or under the survey's privacy floor. */
  nps: { n: number; nps: number | null; low: number | null; high: number | null; hidden: boolean };
  previous: { n: number; nps: number | null };
  /** Against the 7 days before; null unless both weeks clear the privacy floor. */
  change: Pick<Comparison, 'difference' | 'significant' | 'direction'> | null;
  /** The three themes most mentioned in detractors' comments of the week. */
  themes: { id: string; label: string; comments: number }[];
  /** The theme whose share of the comments rose most against the 7 days before; null if none rose or a week is under the floor. */
  grewMost: Growth | null;
  followUps: { open: number; oldest: { ref: string; createdAt: string; days: number } | null; url: string };
  goal: { target: number; gap: number | null; text: string } | null;
  url: string;
}

/** The 7 whole days before `day` (the digest's day), and the 7 before those. */
export function digestWeeks(day: string): { period: DayRange; previousPeriod: DayRange } {
  return {
    period: { from: addDays(day, -7), to: addDays(day, -1) },
    previousPeriod: { from: addDays(day, -14), to: addDays(day, -8) },
  };
}

/** The three themes most mentioned by the week's detractors: the top of the theme-impact ranking. */
function detractorThemes(counts: CategoryCounts, rows: ThemeCountRow[]) {
  return themeImpact(counts, rows)
    .themes.filter((t) => t.detractors > 0)
    .slice(0, 3)
    .map((t) => ({ id: t.theme, label: t.label, comments: t.detractors }));
}

const commentedIn = (rows: WeekScoreRow[]) => rows.reduce((sum, row) => sum + row.commented, 0);

export function shapeDigest(survey: Survey, rows: DigestRows, now: number, origin: string): Digest {
  const day = dayOf(now);
  const { period, previousPeriod } = digestWeeks(day);
  const current = histogramOf(rows.current);
  const previous = histogramOf(rows.previous);
  const headline = withFloor(estimateOf(current), survey.privacyFloor);
  const before = withFloor(estimateOf(previous), survey.privacyFloor);
  const change = changeOf(current, previous, survey.privacyFloor);
  const goal = goalOf(survey, [], headline);
  const { open, oldestAt, oldestRef } = rows.followUps;
  return {
    survey: survey.id,
    createdAt: new Date(now).toISOString(),
    period,
    previousPeriod,
    nps: { n: headline.n, nps: headline.nps, low: headline.low, high: headline.high, hidden: headline.hidden },
    previous: { n: before.n, nps: before.nps },
    change: change && { difference: change.difference, significant: change.significant, direction: change.direction },
    themes: headline.hidden ? [] : detractorThemes(headline, rows.themes.filter((r) => r.current === 1 && r.category === 'detractor')),
    grewMost: fastestGrowingTheme(
      sharesByBucket(
        [
          { day: previousPeriod.from, commented: commentedIn(rows.previous), hidden: before.hidden },
          { day: period.from, commented: commentedIn(rows.current), hidden: headline.hidden },
        ],
        rows.themes.map((r) => ({ theme: r.theme, comments: r.comments, day: r.current === 1 ? period.from : previousPeriod.from })),
        Object.keys(THEMES),
      ),
    ),
    followUps: {
      open,
      oldest: oldestAt !== null && oldestRef !== null ? { ref: oldestRef, createdAt: new Date(oldestAt).toISOString(), days: daysBetween(dayOf(oldestAt), day) - 1 } : null,
      url: `${origin}/results/follow-ups`,
    },
    goal: goal && { ...goal, text: gapText(goal) },
    url: `${origin}/results/${encodeURIComponent(survey.id)}/?${new URLSearchParams({ from: period.from, to: period.to })}`,
  };
}
