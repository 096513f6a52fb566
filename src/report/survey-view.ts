/** What /results/<survey>/ writes around its figures: breadcrumbs, titles, labels, links and the wording of changes. */
import type { Comparison, Direction } from '@/nps/interval';
import { bucketLabel } from '@/report/days';
import { formatNps, formatRate } from '@/report/format';
import { gapCell, gapText } from '@/report/goals';
import { resultsHref, segmentFields } from '@/report/query';
import type { SurveyReport } from '@/report/survey-report';

export const KIND_TITLES = { relationship: 'Relationship NPS (rNPS)', transactional: 'Transactional NPS (tNPS)' } as const;

/** A trend bucket's change, in words: only a significant one is named. */
export function trendChangeText(direction: Direction): string {
  return direction === 'up' ? '▲ significant rise' : direction === 'down' ? '▼ significant fall' : '';
}

/** A segment's change against the previous period: arrow and points when significant, "(n.s.)" when not, "–" without one. */
export function childChangeText(change: Comparison | null): { text: string; className: string | undefined } {
  if (change === null) return { text: '–', className: undefined };
  if (change.significant) return { text: `${change.direction === 'up' ? '▲' : '▼'} ${formatNps(change.difference)}`, className: change.direction };
  return { text: `${formatNps(change.difference)} (n.s.)`, className: 'muted' };
}

/** The theme impact card: the chart's rows, the table's shares, and the theme most over-represented among detractors, in words. */
function themesView(report: SurveyReport, here: string, themeHref: (theme: string) => string) {
  const { themes, overRepresented } = report.themes;
  const named = themes.find((t) => t.theme === overRepresented);
  const others = report.headline.promoters + report.headline.passives;
  return {
    title: 'NPS points at stake by theme',
    description: `For each theme, how much the NPS of ${here} would rise if its detractors had been passives (100 × its detractors / all answers), with 95% interval`,
    overRepresented: named
      ? `${named.label} is the theme most over-represented among detractors: ${formatRate(named.shares.detractor)} of detractors mention it, ${formatRate(others ? (named.promoters + named.passives) / others : null)} of passives and promoters.`
      : '',
    rows: themes.map((t) => ({
      ...t,
      href: themeHref(t.theme),
      value: t.pointsAtStake,
      low: t.interval[0],
      high: t.interval[1],
      shareTexts: { detractor: formatRate(t.shares.detractor), passive: formatRate(t.shares.passive), promoter: formatRate(t.shares.promoter) },
    })),
  };
}

/** Themes over time: the small multiples' series and the same as a table, bucket by bucket. */
function themeTrendView(report: SurveyReport, here: string) {
  const { granularity } = report.trend;
  const series = report.themeTrend.map((s) => ({
    label: s.label,
    points: s.points.map((p) => ({ label: bucketLabel(p.day, granularity), share: p.share, rise: p.rise, shareText: `${formatRate(p.share)}${p.rise ? ' ▲' : ''}` })),
  }));
  return {
    granularity,
    heading: `Themes by ${granularity}`,
    title: `Share of comments mentioning each theme, by ${granularity}`,
    description: `For each theme, the share of the comments of ${here} that mention it, each ${granularity}, on one scale; triangles: significant rises (95%, two-proportion z-test)`,
    bucketHeading: granularity === 'week' ? 'Week of' : 'Month',
    buckets: series[0]?.points.map((p) => p.label) ?? [],
    series,
  };
}

export function surveyView(report: SurveyReport) {
  const { survey, path, period, benchmark, trend, childDimension } = report;
  const link = (to: typeof path, page = '') => resultsHref(survey, to, period, page);
  const here = path.length ? path.join(' › ') : survey.company;
  const childTitle = childDimension ? `By ${childDimension}` : '';
  const facts = [
    KIND_TITLES[survey.kind],
    survey.company,
    `industry benchmark ${benchmark ? `${benchmark.label} ${benchmark.low} to ${benchmark.high}` : 'none'}`,
    ...(report.goal ? [`goal ${formatNps(report.goal.target)}`] : []),
  ];
  const themeHref = (theme: string) => `${link(path, 'comments')}&theme=${theme}`;
  return {
    title: `${survey.id}: ${here}`,
    here,
    /** The query fields that keep this node when the period changes. */
    keep: segmentFields(survey, path),
    /** From the company down to here; the last is the current page. */
    crumbs: [{ label: survey.company, href: link([]) }, ...path.map((value, i) => ({ label: value, href: link(path.slice(0, i + 1)) }))],
    facts: facts.join(' · '),
    base: `/results/${survey.id}/`,
    commentsHref: link(path, 'comments'),
    exportHref: link(path, 'export'),
    themeHref,
    childHref: (childPath: string[]) => link(childPath),
    distributionTitle: 'Answers by score',
    /** This node's goal: the line on the trend chart and the gap in words. */
    goal: report.goal ? { target: report.goal.target, text: gapText(report.goal), gap: report.goal.gap } : undefined,
    trend: {
      heading: `Trend by ${trend.granularity}`,
      title: `NPS by ${trend.granularity} with 95% interval`,
      description: `NPS of ${here} for each ${trend.granularity}; shaded: 95% interval; triangles: significant changes`,
      bucketHeading: trend.granularity === 'week' ? 'Week of' : 'Month',
      points: trend.points.map((p) => ({ ...p, label: bucketLabel(p.day, trend.granularity), changeText: trendChangeText(p.change) })),
    },
    themes: themesView(report, here, themeHref),
    themeTrend: themeTrendView(report, here),
    children: {
      heading: childTitle,
      title: `NPS ${childTitle.toLowerCase()}`,
      description: `NPS and 95% interval of each ${childDimension} of ${here}`,
      /** Goal and gap columns only when a row below has a goal. */
      hasGoals: report.children.some((c) => c.goal !== null),
      rows: report.children.map((c) => ({
        ...c,
        href: link(c.path),
        changeText: childChangeText(c.change),
        goalText: c.goal ? formatNps(c.goal.target) : '',
        gapText: gapCell(c.goal),
      })),
    },
  };
}
export type SurveyView = ReturnType<typeof surveyView>;
