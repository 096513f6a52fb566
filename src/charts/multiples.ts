/** Themes over time as small multiples: a panel per theme, its share of the comments per week or month on one shared scale, significant rises marked. */
import { max } from 'd3-array';
import { format } from 'd3-format';
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { chartFrame, colours, emptyChart, isolated, round, tag, text, textStyle, title } from './svg';

export interface SharePoint {
  /** The bucket, as the axis writes it (03-09, 2026-03). */
  label: string;
  /** 0–1; null is a gap. */
  share: number | null;
  /** A rise from the bucket before that is significant at 95%. */
  rise: boolean;
}

export interface ShareSeries {
  label: string;
  points: SharePoint[];
}

export interface MultiplesInput {
  id: string;
  title: string;
  description: string;
  series: ShareSeries[];
  width?: number;
  columns?: number;
}

const PANEL_HEIGHT = 104;
const GAP = { x: 18, y: 10 };
// Inside a panel: the theme's name above, the top of the scale at the left, first and last bucket below.
const INNER = { top: 22, right: 8, bottom: 20, left: 34 };

const percent = format('.0%');
const exactPercent = format('.1%');
const hasShare = (point: SharePoint): point is SharePoint & { share: number } => point.share !== null;

export function shareMultiples(input: MultiplesInput): string {
  const { series, width = 640, columns = 3 } = input;
  const rows = Math.ceil(series.length / columns);
  const frame = { id: input.id, title: input.title, description: input.description, width, height: rows * PANEL_HEIGHT + (rows - 1) * GAP.y };
  if (series.length === 0) return emptyChart({ ...frame, height: 60 }, 'No comments in a known theme');

  const panelWidth = (width - (columns - 1) * GAP.x) / columns;
  // One scale for every panel, so a taller line is a larger share.
  const top = max(series, (s) => max(s.points, (p) => p.share ?? 0)) || 0.01;
  const y = scaleLinear([0, top], [PANEL_HEIGHT - INNER.bottom, INNER.top]).nice(4);
  const panels = series.map((s, i) => {
    const dx = (i % columns) * (panelWidth + GAP.x);
    const dy = Math.floor(i / columns) * (PANEL_HEIGHT + GAP.y);
    return tag('g', { class: 'panel', transform: `translate(${round(dx)},${round(dy)})` }, panel(s, panelWidth, y));
  });
  return chartFrame({ ...frame, body: panels.join('') });
}

function panel(series: ShareSeries, width: number, y: ReturnType<typeof scaleLinear<number, number>>): string {
  const x = scalePoint<number>()
    .domain(series.points.map((_, i) => i))
    .range([INNER.left, width - INNER.right])
    .align(0.5);
  const at = (i: number) => (series.points.length === 1 ? (INNER.left + width - INNER.right) / 2 : (x(i) ?? 0));
  const [upper] = y.domain().slice(-1) as [number];
  const path = line<SharePoint>()
    .defined(hasShare)
    .x((_, i) => at(i))
    .y((p) => y(p.share ?? 0))
    .digits(1)(series.points);
  const alone = isolated(series.points, hasShare);
  const first = series.points[0];
  const last = series.points.at(-1);
  const axisText = { ...textStyle.note };
  return [
    text(series.label, { x: 0, y: 12, ...textStyle.value }),
    tag('line', { x1: INNER.left, x2: width - INNER.right, y1: y(0), y2: y(0), stroke: colours.textMuted }),
    tag('line', { x1: INNER.left, x2: width - INNER.right, y1: y(upper), y2: y(upper), stroke: colours.grid }),
    text(percent(upper), { x: INNER.left - 4, y: y(upper), 'dominant-baseline': 'central', 'text-anchor': 'end', ...axisText }),
    text(percent(0), { x: INNER.left - 4, y: y(0), 'dominant-baseline': 'central', 'text-anchor': 'end', ...axisText }),
    first ? text(first.label, { x: INNER.left, y: PANEL_HEIGHT - 4, ...axisText }) : '',
    last && series.points.length > 1 ? text(last.label, { x: width - INNER.right, y: PANEL_HEIGHT - 4, 'text-anchor': 'end', ...axisText }) : '',
    path ? tag('path', { class: 'share', d: path, fill: 'none', stroke: colours.accent, 'stroke-width': 1.5 }) : '',
    ...series.points.map((p, i) => (hasShare(p) && (alone[i] || p.rise) ? mark(series.label, p, at(i), y(p.share)) : '')),
  ].join('');
}

/** A dot for a bucket standing alone, a triangle above a significant rise; each says its figure in a tooltip. */
function mark(theme: string, point: SharePoint & { share: number }, cx: number, cy: number): string {
  const words = `${theme}, ${point.label}: ${exactPercent(point.share)} of comments${point.rise ? ', a significant rise' : ''}`;
  if (!point.rise) return tag('circle', { cx, cy, r: 2.5, fill: colours.accent }, title(words));
  const tip = round(cy - 12);
  const base = round(cy - 5);
  return tag('path', { class: 'rise', d: `M${round(cx)},${tip}L${round(cx + 4)},${base}L${round(cx - 4)},${base}Z`, fill: colours.detractor }, title(words));
}
