/** Answers per score 0–10, and the NPS estimate they give. */
import { countsFromScores, estimate, type NpsEstimate } from '@/nps/interval';

/** Answers per score 0–10 (index = score). */
export type Histogram = number[];

/** The scores 0–10: how many a histogram holds. */
export const SCORES = 11;

export const emptyHistogram = (): Histogram => new Array<number>(SCORES).fill(0);

export function histogramOf(rows: { score: number; answers: number }[]): Histogram {
  const histogram = emptyHistogram();
  for (const row of rows) histogram[row.score]! += row.answers;
  return histogram;
}

export const estimateOf = (histogram: Histogram): NpsEstimate => estimate(countsFromScores(histogram));

/**
 * A segment with fewer answers than the survey's privacy floor shows no figures at all: a score
 * from a handful of answers says more about chance than about the segment.
 */
export function withFloor(value: NpsEstimate, floor: number): NpsEstimate & { hidden: boolean } {
  if (value.n >= floor) return { ...value, hidden: false };
  return { ...value, promoters: 0, passives: 0, detractors: 0, nps: null, low: null, high: null, hidden: true };
}
