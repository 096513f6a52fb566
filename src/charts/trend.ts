/** NPS over time: one point per period, its 95% interval as a band, significant changes marked. */
import { scaleBand } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { Direction, NpsEstimate } from '@/nps/interval';
import {
  benchmarkBand,
  centredMessage,
  chartFrame,
  colours,
  describeEstimate,
  emptyChart,
  formatCount,
  formatNps,
  intervalBand,
  isolated,
  npsScale,
  round,
  tag,
  text,
  textStyle,
  title,
  type Benchmark,
} from './svg';

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

// `side` is where the marker sits: −1 above the point (SVG y grows downwards), +1 below.
const CHANGE = {
  up: { colour: colours.promoter, words: 'significant rise', side: -1 },
  down: { colour: colours.detractor, words: 'significant fall', side: 1 },
} as const;

type Scale = (value: number) => number;

interface Plot {
  left: number;
  right: number;
}

export function trendChart(input: TrendInput): string {
  const { points, width = 640, height = 260 } = input;
  const frame = { id: input.id, title: input.title, description: input.description, width, height };
  if (points.length === 0) return emptyChart(frame, EMPTY);

  // Periods are equal bands whatever their length in days (months differ), keyed by position.
  const band = scaleBand<number>()
    .domain(points.map((_, i) => i))
    .range([MARGIN.left, width - MARGIN.right]);
  const x = (i: number) => (band(i) ?? 0) + band.bandwidth() / 2;
  const y = npsScale([height - MARGIN.bottom, MARGIN.top]);
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

function grid(y: Scale, { left, right }: Plot): string {
  return Y_TICKS.map((tick) => {
    const at = y(tick);
    const stroke = tick === 0 ? colours.textMuted : colours.grid;
    const tickLabel = { x: left - 6, y: at, 'dominant-baseline': 'central', 'text-anchor': 'end', ...textStyle.axis };
    return tag('line', { x1: left, x2: right, y1: at, y2: at, stroke, 'stroke-width': 1 }) + text(formatNps(tick), tickLabel);
  }).join('');
}

function xLabels(points: TrendPoint[], x: Scale, height: number): string {
  const every = Math.ceil(points.length / MAX_X_LABELS);
  return points
    .filter((_, i) => i % every === 0)
    .map((point, shown) => text(point.label, { x: x(shown * every), y: height - 8, 'text-anchor': 'middle', ...textStyle.axis }))
    .join('');
}

function benchmark({ low, high, label }: Benchmark, y: Scale, { left, right }: Plot): string {
  const top = y(Math.max(low, high));
  const bottom = y(Math.min(low, high));
  return (
    tag('rect', { x: left, y: top, width: right - left, height: bottom - top, ...benchmarkBand }) +
    text(label, { x: right - 4, y: top + 11, 'text-anchor': 'end', ...textStyle.note })
  );
}

function target(goal: number, y: Scale, { left, right }: Plot): string {
  const at = y(goal);
  const rule = { stroke: colours.text, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' };
  return (
    tag('line', { x1: left, x2: right, y1: at, y2: at, ...rule }) +
    text(`Goal ${formatNps(goal)}`, { x: left + 4, y: at - 4, ...textStyle.note, fill: colours.text })
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
  const whisker = { stroke: intervalBand.fill, 'stroke-opacity': intervalBand['fill-opacity'], 'stroke-width': 8 };
  return [
    band ? tag('path', { class: 'interval', d: band, ...intervalBand }) : '',
    ...points.map((point, i) =>
      alone[i] && hasInterval(point) ? tag('line', { x1: x(i), x2: x(i), y1: y(point.high), y2: y(point.low), ...whisker }) : '',
    ),
    trend ? tag('path', { class: 'nps', d: trend, fill: 'none', stroke: colours.accent, 'stroke-width': 2 }) : '',
    ...points.map((point, i) => (hasNps(point) ? marker(point, x(i), y(point.nps)) : '')),
  ].join('');
}

function marker(point: Estimated, cx: number, cy: number): string {
  const change = point.change === 'none' ? undefined : CHANGE[point.change];
  const words = [describeEstimate(point.label, point), `n = ${formatCount(point.n)}`, change?.words].filter(Boolean).join(', ');
  const dot = tag('circle', { cx, cy, r: 3.5, fill: colours.accent, stroke: colours.onColour, 'stroke-width': 1 }, title(words));
  if (!change) return dot;
  return dot + tag('path', { class: `change-${point.change}`, d: triangle(cx, cy, change.side), fill: change.colour });
}

/** A small triangle pointing away from the point, on the given side of it. */
function triangle(cx: number, cy: number, side: -1 | 1): string {
  const tip = round(cy + side * 14);
  const base = round(cy + side * 8);
  return `M${round(cx)},${tip}L${round(cx + 4)},${base}L${round(cx - 4)},${base}Z`;
}
