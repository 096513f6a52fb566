/** A forest plot for drill-down tables: each segment's NPS and 95% interval on one shared scale. */
import type { NpsEstimate } from '@/nps/interval';
import {
  benchmarkBand,
  chartFrame,
  colours,
  describeEstimate,
  emptyChart,
  escapeXml,
  formatNps,
  formatRange,
  npsScale,
  tag,
  text,
  textStyle,
  title,
  type Benchmark,
} from './svg';

export type IntervalRow = Pick<NpsEstimate, 'nps' | 'low' | 'high'> & {
  label: string;
  href?: string;
};

export interface IntervalInput {
  id: string;
  title: string;
  description: string;
  rows: IntervalRow[];
  benchmark?: Benchmark;
  width?: number;
}

// The row geometry, shared with the theme impact chart so the two read alike.
export const ROW_HEIGHT = 26;
export const LABEL_WIDTH = 190;
export const VALUE_WIDTH = 120;
export const GAP = 16;
export const AXIS_HEIGHT = 20;
const MAX_LABEL_CHARACTERS = 28;
const TICKS = [-100, -50, 0, 50, 100];
const CAP = 5;

export function intervalChart(input: IntervalInput): string {
  const { rows, benchmark, width = 640 } = input;
  const top = benchmark ? 18 : 4;
  const height = top + rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const frame = { id: input.id, title: input.title, description: input.description, width, height };
  if (rows.length === 0) return emptyChart({ ...frame, height: 60 }, 'No answers');

  const x = npsScale([LABEL_WIDTH + GAP, width - VALUE_WIDTH - GAP]);
  const bottom = top + rows.length * ROW_HEIGHT;
  const body = [
    benchmark ? benchmarkBackdrop(benchmark, x, top, bottom) : '',
    axis(x, top, bottom),
    ...rows.map((row, i) => rowMarkup(row, x, top + i * ROW_HEIGHT + ROW_HEIGHT / 2, width)),
  ];
  return chartFrame({ ...frame, body: body.join(''), links: rows.some((row) => linkOf(row) !== undefined) });
}

type Scale = (value: number) => number;

function benchmarkBackdrop({ low, high, label }: Benchmark, x: Scale, top: number, bottom: number): string {
  const left = x(Math.min(low, high));
  const right = x(Math.max(low, high));
  return (
    tag('rect', { x: left, y: top, width: right - left, height: bottom - top, ...benchmarkBand }) +
    text(label, { x: (left + right) / 2, y: top - 5, 'text-anchor': 'middle', ...textStyle.note })
  );
}

// Rules at 0 (stronger) and ±50; ±100 are the edges of the scale and need only their label.
const RULES = new Map([
  [-50, colours.grid],
  [0, colours.textMuted],
  [50, colours.grid],
]);

/** Hidden from assistive technology: when the chart is a group of links, each row says its own value. */
function axis(x: Scale, top: number, bottom: number): string {
  const ticks = TICKS.map((tick) => {
    const at = x(tick);
    const stroke = RULES.get(tick);
    const rule = stroke ? tag('line', { x1: at, x2: at, y1: top, y2: bottom, stroke }) : '';
    return rule + text(formatNps(tick), { x: at, y: bottom + 14, 'text-anchor': 'middle', ...textStyle.axis });
  });
  return tag('g', { 'aria-hidden': 'true' }, ...ticks);
}

function rowMarkup(row: IntervalRow, x: Scale, y: number, width: number): string {
  const value = { x: width, y, 'dominant-baseline': 'central', 'text-anchor': 'end' };
  const { nps, low, high } = row;
  if (nps === null) return rowLabel(row, y) + text('too few answers', { ...value, ...textStyle.muted });
  const known = low !== null && high !== null;
  return [
    rowLabel(row, y),
    known ? whisker(x(low), x(high), y) : '',
    tag('circle', { cx: x(nps), cy: y, r: 4, fill: colours.accent }, title(describeEstimate(row.label, { nps, low, high }))),
    text(`${formatNps(nps)}${known ? ` (${formatRange(low, high)})` : ''}`, { ...value, ...textStyle.value }),
  ].join('');
}

/** The interval as a horizontal line with an upright cap at each end. */
export function whisker(from: number, to: number, y: number): string {
  const stroke = { stroke: colours.textMuted, 'stroke-width': 1.5 };
  return (
    tag('line', { x1: from, x2: to, y1: y, y2: y, ...stroke }) +
    tag('line', { x1: from, x2: from, y1: y - CAP, y2: y + CAP, ...stroke }) +
    tag('line', { x1: to, x2: to, y1: y - CAP, y2: y + CAP, ...stroke })
  );
}

/** A row's label at the left edge, shortened with its whole text in a tooltip, a link when the row has a safe address. */
export function rowLabel(row: { label: string; href?: string }, y: number): string {
  const characters = Array.from(row.label);
  const truncated = characters.length > MAX_LABEL_CHARACTERS;
  const shown = truncated ? `${characters.slice(0, MAX_LABEL_CHARACTERS - 1).join('').trimEnd()}…` : row.label;
  const link = linkOf(row);
  const linkStyle = link ? { fill: colours.accent, 'text-decoration': 'underline' } : {};
  const element = tag(
    'text',
    { x: 0, y, 'dominant-baseline': 'central', ...textStyle.value, ...linkStyle },
    truncated ? title(row.label) : '',
    escapeXml(shown),
  );
  return link ? tag('a', { href: link }, element) : element;
}

/** The row's address when it is safe to link. */
export function linkOf(row: { href?: string }): string | undefined {
  return row.href !== undefined && isWebLink(row.href) ? row.href : undefined;
}

const WEB_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Relative links and http(s)/mailto only: escaping keeps a label out of the markup, but a
 * `javascript:` URL is valid markup. Browsers drop tabs, newlines and leading spaces before
 * reading the scheme (WHATWG URL), so those go before the check too.
 */
function isWebLink(href: string): boolean {
  const scheme = /^([^/?#]*):/.exec(href.replace(/[\u0000-\u0020]/g, ''))?.[1];
  return scheme === undefined || WEB_SCHEMES.has(scheme.toLowerCase());
}
