/** Detractors | passives | promoters as one 100% bar. */
import { scaleLinear } from 'd3-scale';
import type { CategoryCounts } from '@/nps/score';
import { chartFrame, colours, emptyChart, formatCount, tag, text, textStyle, title, wholePercentages } from './svg';

export interface SplitInput extends CategoryCounts {
  id: string;
  title: string;
  description: string;
  width?: number;
  height?: number;
}

// Below this share a "7%" label no longer fits inside its segment at the default width.
const MIN_LABELLED_SHARE = 0.08;

export function categorySplit(input: SplitInput): string {
  const { width = 640, height = 36 } = input;
  const frame = { id: input.id, title: input.title, description: input.description, width, height };
  const segments = [
    { name: 'Detractors', count: input.detractors, colour: colours.detractor },
    { name: 'Passives', count: input.passives, colour: colours.passive },
    { name: 'Promoters', count: input.promoters, colour: colours.promoter },
  ];
  const total = input.detractors + input.passives + input.promoters;
  if (total === 0) return emptyChart(frame, 'No answers');

  const x = scaleLinear([0, total], [0, width]);
  const percentages = wholePercentages(segments.map((segment) => segment.count));
  let before = 0;
  const body = segments.map(({ name, count, colour }, i) => {
    const start = before;
    before += count;
    if (count === 0) return '';
    const percent = `${percentages[i]}%`;
    const words = `${name}: ${formatCount(count)} (${percent})`;
    const segment = tag('rect', { x: x(start), y: 0, width: x(count) - x(0), height, fill: colour }, title(words));
    if (count / total < MIN_LABELLED_SHARE) return segment;
    const centre = { x: x(start + count / 2), y: height / 2, 'dominant-baseline': 'central', 'text-anchor': 'middle' };
    return segment + text(percent, { ...centre, ...textStyle.value, 'font-weight': 600, fill: colours.onColour });
  });
  return chartFrame({ ...frame, body: body.join('') });
}
