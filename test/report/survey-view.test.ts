import { describe, expect, it } from 'vitest';
import { parsePeriod } from '@/report/days';
import type { ReportRows } from '@/report/rows';
import { shapeSurveyReport } from '@/report/survey-report';
import { childChangeText, surveyView, trendChangeText } from '@/report/survey-view';
import { getSurvey } from '@/survey/catalog';

const demo = getSurvey('demo')!;
const none: ReportRows = {
  totals: [],
  previousTotals: undefined,
  daily: [],
  invitations: { invitations: 0, answered: 0 },
  children: [],
  previousChildren: [],
  invitationsByChild: new Map(),
  themes: [],
};

function viewOf(query: string, path: string[], rows: Partial<ReportRows>) {
  const period = parsePeriod(new URLSearchParams(query), '2026-06-30');
  if ('error' in period) throw new Error(period.error);
  return surveyView(shapeSurveyReport(demo, path, period, period, { ...none, ...rows }));
}

describe('the survey page, shaped from rollup rows without a database', () => {
  it('breadcrumbs from the company down, each keeping a custom period', () => {
    const view = viewOf('from=2026-01-01&to=2026-03-31', ['Support', 'Tier 1'], {});
    expect(view.title).toBe('demo: Support › Tier 1');
    expect(view.crumbs).toEqual([
      { label: demo.company, href: '/results/demo/?from=2026-01-01&to=2026-03-31' },
      { label: 'Support', href: '/results/demo/?from=2026-01-01&to=2026-03-31&department=Support' },
      { label: 'Tier 1', href: '/results/demo/?from=2026-01-01&to=2026-03-31&department=Support&function=Tier+1' },
    ]);
    expect(view.commentsHref).toBe('/results/demo/comments?from=2026-01-01&to=2026-03-31&department=Support&function=Tier+1');
    expect(view.themeHref('price')).toBe(`${view.commentsHref}&theme=price`);
    expect(view.keep).toEqual({ department: 'Support', function: 'Tier 1' });
  });

  it('labels weeks by their Monday and names only significant changes', () => {
    // 20 promoters one week, 20 detractors the next: a significant fall.
    const view = viewOf('period=30', [], {
      totals: [{ score: 10, answers: 20 }, { score: 0, answers: 20 }],
      daily: [
        { day: '2026-06-15', score: 10, answers: 20 },
        { day: '2026-06-22', score: 0, answers: 20 },
      ],
    });
    expect(view.trend.heading).toBe('Trend by week');
    expect(view.trend.bucketHeading).toBe('Week of');
    const points = view.trend.points.filter((p) => p.n > 0);
    expect(points.map((p) => [p.label, p.nps, p.changeText])).toEqual([
      ['06-15', 100, ''],
      ['06-22', -100, '▼ significant fall'],
    ]);
  });

  it('labels months as YYYY-MM past 120 days', () => {
    const view = viewOf('period=365', [], { totals: [{ score: 9, answers: 6 }], daily: [{ day: '2026-02-10', score: 9, answers: 6 }] });
    expect(view.trend.bucketHeading).toBe('Month');
    expect(view.trend.points.find((p) => p.n > 0)?.label).toBe('2026-02');
  });

  it('words a change against the previous period', () => {
    expect(trendChangeText('up')).toBe('▲ significant rise');
    expect(trendChangeText('none')).toBe('');
    expect(childChangeText(null)).toEqual({ text: '–', className: undefined });
    expect(childChangeText({ difference: -12, significant: true, direction: 'down' } as never)).toEqual({ text: '▼ −12', className: 'down' });
    expect(childChangeText({ difference: 3, significant: false, direction: 'none' } as never)).toEqual({ text: '+3 (n.s.)', className: 'muted' });
  });

  it('states the kind, the benchmark and the goal', () => {
    const view = viewOf('period=all', [], {});
    expect(view.facts).toMatch(/^Relationship NPS \(rNPS\) · .+ · industry benchmark .+ \d+ to \d+( · goal [+−]?\d+)?$/);
    expect(view.facts.includes(' · goal ')).toBe(demo.target !== undefined);
  });
});
