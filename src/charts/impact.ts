/** Theme impact: each theme's NPS points at stake as a bar, its 95% interval as a whisker, most at stake first. */
import { max } from 'd3-array';
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { AXIS_HEIGHT, GAP, LABEL_WIDTH, ROW_HEIGHT, VALUE_WIDTH, linkOf, rowLabel, whisker } from './intervals';
import { chartFrame, colours, emptyChart, tag, text, textStyle, title } from './svg';

export interface ImpactRow {
  label: string;
  /** Points at stake, and the ends of its interval, in NPS points. */
  value: number;
  low: number;
  high: number;
  href?: string;
}

export interface ImpactInput {
  id: string;
  title: string;
  description: string;
  rows: ImpactRow[];
  width?: number;
}

const BAR_HEIGHT = 14;

/** Points at stake are small: one decimal. */
export const formatPoints = format('.1f');

export function impactChart(input: ImpactInput): string {
  const { rows, width = 640 } = input;
  const top = 4;
  const height = top + rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const frame = { id: input.id, title: input.title, description: input.description, width, height };
  if (rows.length === 0) return emptyChart({ ...frame, height: 60 }, 'No comments in a known theme');

  const x = scaleLinear([0, max(rows, (row) => row.high) || 1], [LABEL_WIDTH + GAP, width - VALUE_WIDTH - GAP]).nice(4);
  const bottom = top + rows.length * ROW_HEIGHT;
  const body = [axis(x, top, bottom), ...rows.map((row, i) => rowMarkup(row, x, top + i * ROW_HEIGHT + ROW_HEIGHT / 2, width))];
  return chartFrame({ ...frame, body: body.join(''), links: rows.some((row) => linkOf(row) !== undefined) });
}

type Scale = ReturnType<typeof scaleLinear<number, number>>;

/** Hidden from assistive technology: each row says its own value. */
function axis(x: Scale, top: number, bottom: number): string {
  const ticks = x.ticks(4).map((tick) => {
    const at = x(tick);
    const rule = tag('line', { x1: at, x2: at, y1: top, y2: bottom, stroke: tick === 0 ? colours.textMuted : colours.grid });
    return rule + text(format('~g')(tick), { x: at, y: bottom + 14, 'text-anchor': 'middle', ...textStyle.axis });
  });
  return tag('g', { 'aria-hidden': 'true' }, ...ticks);
}

function rowMarkup(row: ImpactRow, x: Scale, y: number, width: number): string {
  const words = `${row.label}: ${formatPoints(row.value)} points at stake (95% CI ${formatPoints(row.low)} to ${formatPoints(row.high)})`;
  const bar = tag(
    'rect',
    { class: 'at-stake', x: x(0), y: y - BAR_HEIGHT / 2, width: x(row.value) - x(0), height: BAR_HEIGHT, fill: colours.detractor, 'fill-opacity': 0.75 },
    title(words),
  );
  const value = { x: width, y, 'dominant-baseline': 'central', 'text-anchor': 'end', ...textStyle.value };
  return [
    rowLabel(row, y),
    bar,
    whisker(x(row.low), x(row.high), y),
    text(`${formatPoints(row.value)} (${formatPoints(row.low)} to ${formatPoints(row.high)})`, value),
  ].join('');
}
