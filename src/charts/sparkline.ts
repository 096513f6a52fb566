/** A word-sized NPS trend for tables: no axes, the same −100…100 scale as the full chart. */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { chartFrame, colours, formatNps, isolated, npsScale, tag } from './svg';

export interface SparklineInput {
  id: string;
  title: string;
  values: (number | null)[];
  width?: number;
  height?: number;
}

// Keeps the end dot inside the viewBox at ±100.
const INSET = 3;
const DOT_RADIUS = 2;

const present = (value: number | null): value is number => value !== null;

export function sparkline(input: SparklineInput): string {
  const { values, width = 120, height = 28 } = input;
  const x = scaleLinear([0, Math.max(values.length - 1, 1)], [INSET, width - INSET]);
  // One value has no run to span: put it in the middle.
  const xAt = (i: number) => (values.length === 1 ? width / 2 : x(i));
  const y = npsScale([height - INSET, INSET]);

  const path = line<number | null>()
    .defined(present)
    .x((_, i) => xAt(i))
    .y((value) => y(value ?? 0))
    .digits(1)(values);
  const last = values.findLastIndex(present);
  const alone = isolated(values, present);
  const dot = (value: number, i: number) => tag('circle', { cx: xAt(i), cy: y(value), r: DOT_RADIUS, fill: colours.accent });

  const body = [
    tag('line', { x1: 0, x2: width, y1: y(0), y2: y(0), stroke: colours.grid, 'stroke-width': 1 }),
    path && values.filter(present).length > 1 ? tag('path', { d: path, fill: 'none', stroke: colours.accent, 'stroke-width': 1.5 }) : '',
    ...values.map((value, i) => (present(value) && (i === last || alone[i]) ? dot(value, i) : '')),
  ];
  return chartFrame({ id: input.id, title: input.title, description: describe(values), width, height, body: body.join('') });
}

function describe(values: (number | null)[]): string {
  const known = values.filter(present);
  const periods = `${values.length} ${values.length === 1 ? 'period' : 'periods'}`;
  const first = known[0];
  const last = known.at(-1);
  if (first === undefined || last === undefined) return values.length === 0 ? 'No answers' : `No answers over ${periods}`;
  if (known.length === 1) {
    return values.length === 1 ? `NPS ${formatNps(first)}` : `NPS ${formatNps(first)}, the only one of ${periods} with answers`;
  }
  return `From ${formatNps(first)} to ${formatNps(last)} over ${periods}`;
}
