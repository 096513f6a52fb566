/** What /results/<survey>/ writes around its figures: breadcrumbs, titles, labels, links and the wording of changes. */
import type { Comparison, Direction } from '@/nps/interval';
import { bucketLabel } from '@/report/days';
import { formatNps } from '@/report/format';
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
    themeHref: (theme: string) => `${link(path, 'comments')}&theme=${theme}`,
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
