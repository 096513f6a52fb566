/** How many answers gave each score from 0 to 10, bars coloured by category. */
import { max, sum } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { categorise, MAX_SCORE, MIN_SCORE } from '@/nps/category';
import { chartFrame, colours, emptyChart, formatCount, tag, text, textStyle, title, wholePercentages } from './svg';

export interface DistributionInput {
  id: string;
  title: string;
  description: string;
  /** Answers per score; index = score, so 11 entries. */
  counts: number[];
  width?: number;
  height?: number;
}

const MARGIN = { top: 18, right: 4, bottom: 22, left: 4 };
const SCORES = Array.from({ length: MAX_SCORE - MIN_SCORE + 1 }, (_, i) => MIN_SCORE + i);

export function distributionChart(input: DistributionInput): string {
  const { counts, width = 640, height = 200 } = input;
  if (counts.length !== SCORES.length) {
    throw new RangeError(`counts must have one entry per score (${SCORES.length}), got ${counts.length}`);
  }
  const frame = { id: input.id, title: input.title, description: input.description, width, height };
  if (sum(counts) === 0) return emptyChart(frame, 'No answers');

  const x = scaleBand<number>().domain(SCORES).range([MARGIN.left, width - MARGIN.right]).paddingInner(0.2);
  const y = scaleLinear([0, max(counts) ?? 0], [height - MARGIN.bottom, MARGIN.top]).nice();
  const percentages = wholePercentages(counts);

  const bars = SCORES.map((score) => {
    const count = counts[score] ?? 0;
    const left = x(score) ?? 0;
    const centre = left + x.bandwidth() / 2;
    const top = y(count);
    const plural = count === 1 ? 'answer' : 'answers';
    const words = `Score ${score}: ${formatCount(count)} ${plural} (${percentages[score]}%)`;
    const bar = { x: left, y: top, width: x.bandwidth(), height: y(0) - top, fill: colours[categorise(score)] };
    const countLabel = { x: centre, y: top - 4, 'text-anchor': 'middle', ...textStyle.axis, fill: colours.text };
    return (
      tag('rect', bar, title(words)) +
      (count > 0 ? text(formatCount(count), countLabel) : '') +
      text(String(score), { x: centre, y: height - 6, 'text-anchor': 'middle', ...textStyle.muted })
    );
  });
  return chartFrame({ ...frame, body: bars.join('') });
}
