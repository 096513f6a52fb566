/** The report of /results/<survey>/ and the overview, shaped from rollup rows (read by functions/pages/); no I/O. */
import type { Survey } from '@/schemas/survey';
import { INDUSTRY_BENCHMARKS } from '@/data/benchmarks';
import { compare, countsFromScores, type Comparison, type NpsEstimate } from '@/nps/interval';
import type { DayRange, Period } from '@/report/days';
import { goalOf, type Goal } from '@/report/goals';
import { estimateOf, histogramOf, withFloor, type Histogram } from '@/report/histogram';
import type { DayScoreRow, InvitationCounts, ReportRows, ScoreRow } from '@/report/rows';
import { parsePathKey, pathKey, type SegmentPath } from '@/report/segments';
import { granularityFor, trendPoints, type Granularity, type TrendPoint } from '@/report/trend';
import { themeImpact, type ThemeImpactReport } from '@/report/theme-impact';
import { themeSeries, type ThemeSeries } from '@/report/theme-trend';

/** Everything /results/<survey>/ shows for one node of the organisation and one period. */
export interface SurveyReport {
  survey: Survey;
  path: SegmentPath;
  /** The dimension of the rows below (department, function, person), if any. */
  childDimension: string | undefined;
  period: Period;
  headline: NpsEstimate & { hidden: boolean };
  /** This node's goal from the survey's `targets`, and the gap to it. */
  goal: Goal | null;
  change: Comparison | null;
  histogram: Histogram;
  trend: { granularity: Granularity; points: TrendPoint[] };
  benchmark: (typeof INDUSTRY_BENCHMARKS)[string] | undefined;
  responseRate: ResponseRate;
  children: ChildRow[];
  /** Comments by theme and category, and the NPS points at stake of each theme, most first. */
  themes: ThemeImpactReport;
  /** Each theme's share of the comments per trend bucket, in the order of `themes`. */
  themeTrend: ThemeSeries[];
}

/** Of the invitations sent in the period, how many have been answered (whenever the answer came). */
export interface ResponseRate {
  answered: number;
  invitations: number;
  /** answered / invitations, null without invitations. */
  rate: number | null;
}

export interface ChildRow {
  path: SegmentPath;
  label: string;
  estimate: NpsEstimate & { hidden: boolean };
  goal: Goal | null;
  change: Comparison | null;
  responseRate: ResponseRate;
}

/** The keys of the children of `path` that have a goal, answered or not (a team can have a goal before its first answer). */
function targetedChildKeys(survey: Survey, path: SegmentPath): string[] {
  const prefix = path.length ? `${path.join('/')}/` : '';
  return Object.keys(survey.targets)
    .filter((key) => key !== '' && key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
    .map((key) => pathKey(key.split('/')));
}

const rateOf = ({ answered, invitations }: InvitationCounts): ResponseRate => ({
  answered,
  invitations,
  rate: invitations > 0 ? answered / invitations : null,
});

/** A change is only shown when both periods clear the privacy floor. */
export function changeOf(current: Histogram, previous: Histogram | undefined, floor: number): Comparison | null {
  if (!previous) return null;
  const a = countsFromScores(current);
  const b = countsFromScores(previous);
  if (a.promoters + a.passives + a.detractors < floor || b.promoters + b.passives + b.detractors < floor) return null;
  return compare(a, b);
}

function groupByPath<T extends { segment_path: string }>(rows: T[]) {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.segment_path);
    if (group) group.push(row);
    else groups.set(row.segment_path, [row]);
  }
  return groups;
}

/** The period as far as there is data in it: days outside cost nothing and show nothing. */
export function withinData(period: DayRange, bounds: DayRange | null): DayRange {
  if (!bounds) return { from: period.to, to: period.to };
  const from = period.from > bounds.from ? period.from : bounds.from;
  const to = period.to < bounds.to ? period.to : bounds.to;
  return from <= to ? { from, to } : { from: period.to, to: period.to };
}

/** The report of one node and one period, from the rows read within `range` (the period within the data). */
export function shapeSurveyReport(survey: Survey, path: SegmentPath, period: Period, range: DayRange, read: ReportRows): SurveyReport {
  const floor = survey.privacyFloor;
  const childDimension = survey.segments[path.length];
  const { totals, previousTotals, daily, invitations, children, previousChildren, invitationsByChild, themes } = read;
  const histogram = histogramOf(totals);
  const headline = withFloor(estimateOf(histogram), floor);
  const previousByPath = groupByPath(previousChildren);
  const granularity = granularityFor(range);
  const trend = headline.hidden ? [] : trendPoints(daily, range, granularity, floor);
  // Under the floor the headline's counts are zero: no themes either.
  const impact = themeImpact(headline, headline.hidden ? [] : themes);

  // A child whose rows net to no answers (a month less its days outside the period, an answer moved away) has none.
  const answersByChild = new Map([...groupByPath(children)].filter(([, rows]) => rows.reduce((n, row) => n + row.answers, 0) !== 0));
  // A segment invited in the period is listed even when its answers came later (its response rate).
  const childKeys = new Set([
    ...answersByChild.keys(),
    ...invitationsByChild.keys(),
    ...(childDimension ? targetedChildKeys(survey, path) : []),
  ]);
  const rows: ChildRow[] = [...childKeys].map((childKey) => {
    const childHistogram = histogramOf(answersByChild.get(childKey) ?? []);
    const childPath = parsePathKey(childKey);
    const previous = previousByPath.get(childKey);
    const estimate = withFloor(estimateOf(childHistogram), floor);
    return {
      path: childPath,
      label: childPath.at(-1) ?? '',
      estimate,
      goal: goalOf(survey, childPath, estimate),
      change: changeOf(childHistogram, previous ? histogramOf(previous) : undefined, floor),
      responseRate: rateOf(invitationsByChild.get(childKey) ?? { invitations: 0, answered: 0 }),
    };
  });
  rows.sort((a, b) => b.estimate.n - a.estimate.n || a.label.localeCompare(b.label));

  return {
    survey,
    path,
    childDimension,
    period,
    headline,
    goal: goalOf(survey, path, headline),
    change: changeOf(histogram, previousTotals ? histogramOf(previousTotals) : undefined, floor),
    histogram: headline.hidden ? histogramOf([]) : histogram,
    // Points under the floor become gaps, as segments do.
    trend: { granularity, points: trend },
    benchmark: INDUSTRY_BENCHMARKS[survey.industry],
    responseRate: rateOf(invitations),
    children: rows,
    themes: impact,
    themeTrend: themeSeries(trend, themes, granularity, impact.themes.map((t) => t.theme)),
  };
}

/** The overview: every survey's headline and a 12-month sparkline, from the rows of all surveys. */
export function shapeHeadlines(
  surveys: Survey[],
  totals: (ScoreRow & { survey: string })[],
  months: (DayScoreRow & { survey: string })[],
  lastYear: DayRange,
) {
  return surveys.map((survey) => {
    const estimate = withFloor(estimateOf(histogramOf(totals.filter((row) => row.survey === survey.id))), survey.privacyFloor);
    const monthly = trendPoints(months.filter((row) => row.survey === survey.id), lastYear, 'month', survey.privacyFloor);
    return { survey, estimate, sparkline: monthly.map((p) => p.nps) };
  });
}
