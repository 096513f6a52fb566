import { scaleBand, scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { Direction, NpsEstimate } from '../nps/interval';
import {
  benchmarkBand,
  centredMessage,
  chartFrame,
  clampNps,
  colours,
  emptyChart,
  formatCount,
  formatNps,
  formatRange,
  intervalBand,
  isolated,
  round,
  tag,
  text,
  title,
  type Benchmark,
} from './svg';

/** NPS over time: one point per period, its 95% interval as a band, significant changes marked. */

export type TrendPoint = Pick<NpsEstimate, 'nps' | 'low' | 'high' | 'n'> & {
  start: Date;
  label: string;
  change: Direction;
};

export interface TrendInput {
  id: string;
  title: string;
  description: string;
  points: TrendPoint[];
  benchmark?: Benchmark;
  target?: number;
  width?: number;
  height?: number;
}

const MARGIN = { top: 12, right: 12, bottom: 28, left: 40 };
const Y_TICKS = [-100, -50, 0, 50, 100];
const MAX_X_LABELS = 8;
const EMPTY = 'No answers in this period';

const CHANGE = {
  up: { colour: colours.promoter, words: 'significant rise' },
  down: { colour: colours.detractor, words: 'significant fall' },
} as const;

type Scale = (value: number) => number;

export function trendChart(input: TrendInput): string {
  const { points, width = 640, height = 260 } = input;
  const frame = { id: input.id, title: input.title, description: input.description, width, height };
  if (points.length === 0) return emptyChart(frame, EMPTY);

  // Periods are equal bands whatever their length in days (months differ), keyed by position.
  const band = scaleBand<number>()
    .domain(points.map((_, i) => i))
    .range([MARGIN.left, width - MARGIN.right]);
  const x = (i: number) => (band(i) ?? 0) + band.bandwidth() / 2;
  const y = scaleLinear([-100, 100], [height - MARGIN.bottom, MARGIN.top]);
  const plot = { left: MARGIN.left, right: width - MARGIN.right };

  const body = [
    input.benchmark ? benchmark(input.benchmark, y, plot) : '',
    grid(y, plot),
    xLabels(points, x, height),
    series(points, x, y),
    input.target === undefined ? '' : target(input.target, y, plot),
    points.every((point) => point.nps === null) ? centredMessage(EMPTY, width, height) : '',
  ];
  return chartFrame({ ...frame, body: body.join('') });
}

interface Plot {
  left: number;
  right: number;
}

function grid(y: Scale, { left, right }: Plot): string {
  return Y_TICKS.map((tick) => {
    const at = y(tick);
    const rule = tick === 0 ? { stroke: colours.textMuted } : { stroke: colours.grid };
    return (
      tag('line', { x1: left, x2: right, y1: at, y2: at, ...rule, 'stroke-width': 1 }) +
      text(formatNps(tick), { x: left - 6, y: at, dy: '0.35em', 'text-anchor': 'end', 'font-size': 11, fill: colours.textMuted })
    );
  }).join('');
}

function xLabels(points: TrendPoint[], x: Scale, height: number): string {
  const every = Math.ceil(points.length / MAX_X_LABELS);
  return points
    .map((point, i) =>
      i % every === 0
        ? text(point.label, { x: x(i), y: height - 8, 'text-anchor': 'middle', 'font-size': 11, fill: colours.textMuted })
        : '',
    )
    .join('');
}

function benchmark({ low, high, label }: Benchmark, y: Scale, { left, right }: Plot): string {
  const top = y(clampNps(Math.max(low, high)));
  const bottom = y(clampNps(Math.min(low, high)));
  return (
    tag('rect', { x: left, y: top, width: right - left, height: bottom - top, ...benchmarkBand }) +
    text(label, { x: right - 4, y: top + 11, 'text-anchor': 'end', 'font-size': 10, fill: colours.textMuted })
  );
}

function target(goal: number, y: Scale, { left, right }: Plot): string {
  const at = y(clampNps(goal));
  return (
    tag('line', { x1: left, x2: right, y1: at, y2: at, stroke: colours.text, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' }) +
    text(`Goal ${formatNps(goal)}`, { x: left + 4, y: at - 4, 'font-size': 10, fill: colours.text })
  );
}

type Estimated = TrendPoint & { nps: number };
type Bounded = Estimated & { low: number; high: number };
const hasNps = (point: TrendPoint): point is Estimated => point.nps !== null;
const hasInterval = (point: TrendPoint): point is Bounded => hasNps(point) && point.low !== null && point.high !== null;

function series(points: TrendPoint[], x: Scale, y: Scale): string {
  const band = area<TrendPoint>()
    .defined(hasInterval)
    .x((_, i) => x(i))
    .y0((point) => y(point.low ?? 0))
    .y1((point) => y(point.high ?? 0))
    .digits(1)(points);
  const trend = line<TrendPoint>()
    .defined(hasNps)
    .x((_, i) => x(i))
    .y((point) => y(point.nps ?? 0))
    .digits(1)(points);
  // A period between two gaps has no band to belong to: give its interval a whisker instead.
  const alone = isolated(points, hasInterval);
  const whiskers = points.map((point, i) =>
    alone[i] && hasInterval(point)
      ? tag('line', { x1: x(i), x2: x(i), y1: y(point.high), y2: y(point.low), stroke: intervalBand.fill, 'stroke-opacity': intervalBand['fill-opacity'], 'stroke-width': 8 })
      : '',
  );
  return [
    band ? tag('path', { class: 'interval', d: band, ...intervalBand }) : '',
    ...whiskers,
    trend ? tag('path', { class: 'nps', d: trend, fill: 'none', stroke: colours.accent, 'stroke-width': 2 }) : '',
    ...points.map((point, i) => (hasNps(point) ? marker(point, x(i), y(point.nps)) : '')),
  ].join('');
}

function marker(point: Estimated, cx: number, cy: number): string {
  const change = point.change === 'none' ? undefined : CHANGE[point.change];
  const interval = hasInterval(point) ? ` (95% CI ${formatRange(point.low, point.high)})` : '';
  const words = `${point.label}: NPS ${formatNps(point.nps)}${interval}, n = ${formatCount(point.n)}${change ? `, ${change.words}` : ''}`;
  return (
    tag('circle', { cx, cy, r: 3.5, fill: colours.accent, stroke: colours.onColour, 'stroke-width': 1 }, title(words)) +
    (change ? tag('path', { class: `change-${point.change}`, d: triangle(cx, cy, point.change === 'up' ? -1 : 1), fill: change.colour }) : '')
  );
}

/** ▲ above the point (direction −1, towards the top) or ▼ below it (+1). */
function triangle(cx: number, cy: number, direction: -1 | 1): string {
  const tip = cy + direction * 14;
  const base = cy + direction * 8;
  return `M${round(cx)},${round(tip)}L${round(cx + 4)},${round(base)}L${round(cx - 4)},${round(base)}Z`;
}
