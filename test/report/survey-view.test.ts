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
        { day: '2026-06-15', score: 10, answers: 20, commented: 0 },
        { day: '2026-06-22', score: 0, answers: 20, commented: 0 },
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
    const view = viewOf('period=365', [], { totals: [{ score: 9, answers: 6 }], daily: [{ day: '2026-02-10', score: 9, answers: 6, commented: 0 }] });
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
    expect(view.facts.includes(' · goal ')).toBe(demo.targets[''] !== undefined);
  });
});

describe('goals per team on the survey page', () => {
  // demo.yaml: targets { "": 40, "Support": 45, "Support/Tier 1": 50 }; privacy floor 5.
  // 10 answers of 10 and 10 of 0 and 10 of 8: NPS 0 (and a rounded gap).
  const mixed = [{ score: 10, answers: 10 }, { score: 0, answers: 10 }, { score: 8, answers: 10 }];

  it('shows the drill-down node\'s own goal as the trend line and the gap with its sign', () => {
    const support = viewOf('period=all', ['Support'], { totals: mixed });
    expect(support.goal).toEqual({ target: 45, gap: -45, text: '45 points below the goal of +45' });
    expect(support.facts).toMatch(/ · goal \+45$/);
    const tier1 = viewOf('period=all', ['Support', 'Tier 1'], { totals: [{ score: 10, answers: 30 }, { score: 0, answers: 2 }] });
    // (30 − 2) / 32 = 87.5 → +88, 38 above 50.
    expect(tier1.goal).toEqual({ target: 50, gap: 38, text: '38 points above the goal of +50' });
    expect(viewOf('period=all', ['Delivery'], { totals: mixed }).goal).toBeUndefined();
  });

  it('words a gap of one point and a gap of none', () => {
    // 41 promoters, 59 passives: +41 against the company goal of +40.
    expect(viewOf('period=all', [], { totals: [{ score: 9, answers: 41 }, { score: 7, answers: 59 }] }).goal?.text).toBe('1 point above the goal of +40');
    expect(viewOf('period=all', [], { totals: [{ score: 9, answers: 40 }, { score: 7, answers: 60 }] }).goal?.text).toBe('On the goal of +40');
  });

  it('a team with a goal and no answers shows the goal and no gap; under the privacy floor, no gap', () => {
    const empty = viewOf('period=all', ['Support'], {});
    expect(empty.goal).toEqual({ target: 45, gap: null, text: 'Goal +45' });
    const few = viewOf('period=all', ['Support'], { totals: [{ score: 10, answers: 4 }] });
    expect(few.goal).toEqual({ target: 45, gap: null, text: 'Goal +45' });
  });

  it('the table below gets goal and gap columns for the teams with a goal, listing a goal set before any answer', () => {
    const key = (path: string[]) => JSON.stringify(path);
    const company = viewOf('period=all', [], {
      children: [
        ...mixed.map((row) => ({ ...row, segment_path: key(['Support']) })),
        { segment_path: key(['Delivery']), score: 10, answers: 12 },
      ],
    });
    expect(company.children.hasGoals).toBe(true);
    expect(company.children.rows.map((r) => [r.label, r.goalText, r.gapText])).toEqual([
      ['Support', '+45', '−45'],
      ['Delivery', '', ''],
    ]);
    // Support has a goal and no answers in this period: listed with its goal, no gap.
    const noSupport = viewOf('period=all', [], { children: [{ segment_path: key(['Delivery']), score: 10, answers: 12 }] });
    expect(noSupport.children.rows.map((r) => [r.label, r.estimate.n, r.goalText, r.gapText])).toEqual([
      ['Delivery', 12, '', ''],
      ['Support', 0, '+45', '–'],
    ]);
    // Tier 1 under the privacy floor ("too few answers"): its goal, no gap.
    const support = viewOf('period=all', ['Support'], { children: [{ segment_path: key(['Support', 'Tier 1']), score: 10, answers: 4 }] });
    expect(support.children.rows.map((r) => [r.label, r.estimate.hidden, r.goalText, r.gapText])).toEqual([['Tier 1', true, '+50', '–']]);
    const delivery = viewOf('period=all', ['Delivery'], { children: [{ segment_path: key(['Delivery', 'Transport']), score: 10, answers: 9 }] });
    expect(delivery.children.hasGoals).toBe(false);
  });
});

describe('theme impact and themes over time on the survey page', () => {
  // Two weeks of 100 answers: 60 promoters, 20 passives, 20 detractors each.
  // 100 answers a week, 50 of them with a comment.
  const daily = ['2026-06-15', '2026-06-22'].flatMap((day) => [
    { day, score: 10, answers: 60, commented: 30 },
    { day, score: 8, answers: 20, commented: 10 },
    { day, score: 2, answers: 20, commented: 10 },
  ]);
  const totals = [{ score: 10, answers: 120 }, { score: 8, answers: 40 }, { score: 2, answers: 40 }];
  const themes = [
    // Delivery: 10 of 100 in the first week (6 detractors), 22 of 100 in the second (16 detractors).
    { day: '2026-06-15', theme: 'delivery', category: 'detractor' as const, comments: 6 },
    { day: '2026-06-16', theme: 'delivery', category: 'promoter' as const, comments: 4 },
    { day: '2026-06-22', theme: 'delivery', category: 'detractor' as const, comments: 16 },
    { day: '2026-06-23', theme: 'delivery', category: 'passive' as const, comments: 6 },
    // Price: promoters only.
    { day: '2026-06-22', theme: 'price', category: 'promoter' as const, comments: 30 },
  ];

  it('ranks themes by points at stake with their interval, each linking to its comments, and names the over-represented one', () => {
    const view = viewOf('period=30', ['Support'], { totals, daily, themes });
    // Delivery: 100 × 22 / 200 = 11 points at stake; price: 0.
    expect(view.themes.rows.map((r) => [r.theme, r.pointsAtStake, r.comments])).toEqual([
      ['delivery', 11, 32],
      ['price', 0, 30],
    ]);
    expect(view.themes.rows[0]!.href).toBe(`${view.commentsHref}&theme=delivery`);
    expect(view.themes.rows[0]!.shareTexts).toEqual({ detractor: '55%', passive: '15%', promoter: '3%' });
    // 22 of 40 detractors against 10 of 160 passives and promoters.
    expect(view.themes.overRepresented).toBe('Delivery is the theme most over-represented among detractors: 55% of detractors mention it, 6% of passives and promoters.');
  });

  it('marks the significant rise of delivery (10 of 50 comments to 22 of 50, z = 2.57) in the themes by week', () => {
    const view = viewOf('period=30', ['Support'], { totals, daily, themes });
    expect(view.themeTrend.heading).toBe('Themes by week');
    const delivery = view.themeTrend.series.find((s) => s.label === 'Delivery')!;
    expect(delivery.points.filter((p) => p.label >= '06-15').map((p) => [p.label, p.shareText])).toEqual([
      ['06-15', '20%'],
      ['06-22', '44% ▲'],
      ['06-29', '–'], // no answers that week: a gap
    ]);
    expect(view.themeTrend.series.map((s) => s.label)).toEqual(['Delivery', 'Price and value']);
  });

  it('shows no themes for a node under the privacy floor', () => {
    const view = viewOf('period=30', ['Support'], { totals: [{ score: 2, answers: 4 }], daily: [{ day: '2026-06-15', score: 2, answers: 4, commented: 4 }], themes: themes.slice(0, 1) });
    expect(view.themes.rows).toEqual([]);
    expect(view.themeTrend.series).toEqual([]);
  });
});
