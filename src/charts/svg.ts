/** Shared by every chart: palette, SVG markup helpers, number formats. */
import { sum } from 'd3-array';
import { format } from 'd3-format';
import { scaleLinear, type ScaleLinear } from 'd3-scale';

// Text colours reach ≥ 4.5:1 on white (WCAG AA): text 16.6, textMuted 7.9, promoter 5.1,
// detractor 5.4, passive 4.6, accent 6.7. Benchmark (3.1) and grid (1.5) are never text.
export const colours = {
  promoter: '#1a7f37',
  passive: '#6e7781',
  detractor: '#cf222e',
  accent: '#0b5cad',
  benchmark: '#bf8700',
  grid: '#d0d7de',
  text: '#1b1f24',
  textMuted: '#4a525c',
  onColour: '#ffffff',
} as const;

export const FONT_FAMILY = 'system-ui, sans-serif';

/** Size and colour of each kind of text the charts write. */
export const textStyle = {
  axis: { 'font-size': 11, fill: colours.textMuted },
  note: { 'font-size': 10, fill: colours.textMuted },
  value: { 'font-size': 12, fill: colours.text },
  muted: { 'font-size': 12, fill: colours.textMuted },
  message: { 'font-size': 13, fill: colours.textMuted },
} as const;

/** Fill of the 95% interval band. */
export const intervalBand = { fill: colours.accent, 'fill-opacity': 0.18 } as const;

/** Benchmark band: light fill with a dashed border, so it reads as a reference, not data. */
export const benchmarkBand = {
  fill: colours.benchmark,
  'fill-opacity': 0.15,
  stroke: colours.benchmark,
  'stroke-dasharray': '4 3',
} as const;

/** A published range to compare against, e.g. an industry's NPS. */
export interface Benchmark {
  low: number;
  high: number;
  label: string;
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const NEEDS_ESCAPE = /[&<>"']/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
}

/** At most one decimal: enough for a viewBox, and keeps the markup small. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export type Attributes = Record<string, string | number | undefined>;

/** One element; numbers are rounded, strings escaped, undefined attributes left out. Children are markup. */
export function tag(name: string, attributes: Attributes, ...children: string[]): string {
  // A loop and string concatenation: the charts of one page write some 350 elements.
  let rendered = `<${name}`;
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) rendered += ` ${key}="${typeof value === 'number' ? round(value) : escapeXml(value)}"`;
  }
  if (children.length === 0) return `${rendered}/>`;
  rendered += '>';
  for (const child of children) rendered += child;
  return `${rendered}</${name}>`;
}

/** A text element whose content is caller text, escaped. */
export function text(content: string, attributes: Attributes): string {
  return tag('text', attributes, escapeXml(content));
}

/** A tooltip (and accessible name) for the parent element. */
export function title(content: string): string {
  return tag('title', {}, escapeXml(content));
}

export interface FrameInput {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
}

/**
 * The outer <svg>: scales to its container through the viewBox, named by its title and desc.
 * A picture is one image to assistive technology; a chart holding links is a named group
 * instead, since an image's content is presentational and its links would be out of reach
 * (WAI-ARIA: img has presentational children; axe `nested-interactive`).
 */
export function chartFrame({ id, title: name, description, width, height, body, links = false }: FrameInput & { body: string; links?: boolean }): string {
  return tag(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${round(width)} ${round(height)}`,
      role: links ? 'group' : 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      class: 'chart',
      'font-family': FONT_FAMILY,
    },
    tag('title', { id: `${id}-title` }, escapeXml(name)),
    tag('desc', { id: `${id}-desc` }, escapeXml(description)),
    body,
  );
}

/** A muted message in the middle of the chart, e.g. "No answers". */
export function centredMessage(message: string, width: number, height: number): string {
  const at = { x: width / 2, y: height / 2, 'dominant-baseline': 'central', 'text-anchor': 'middle' };
  return text(message, { ...at, ...textStyle.message });
}

/** A frame holding only a centred message, for charts without answers to draw. */
export function emptyChart(frame: FrameInput, message: string): string {
  return chartFrame({ ...frame, body: centredMessage(message, frame.width, frame.height) });
}

const signed = format('+d');

/** NPS as a whole number with its sign (d3-format writes the minus as U+2212); 0 has none. */
export function formatNps(value: number): string {
  const whole = Math.round(value);
  return whole === 0 ? '0' : signed(whole);
}

export const formatCount = format(',d');

/** "+3 to +20", the wording of a 95% interval. */
export function formatRange(low: number, high: number): string {
  return `${formatNps(low)} to ${formatNps(high)}`;
}

/** "Pro: NPS +12 (95% CI +3 to +20)", the tooltip of a point; the interval only when known. */
export function describeEstimate(label: string, { nps, low, high }: { nps: number; low: number | null; high: number | null }): string {
  const interval = low !== null && high !== null ? ` (95% CI ${formatRange(low, high)})` : '';
  return `${label}: NPS ${formatNps(nps)}${interval}`;
}

/** NPS runs from −100 to +100; clamped so a stray value or a benchmark quoted past the ends stays on the chart. */
export function npsScale(range: [number, number]): ScaleLinear<number, number> {
  return scaleLinear([-100, 100], range).clamp(true);
}

/**
 * Whole percentages that add up to exactly 100 (largest remainder method), so a set of
 * labels never reads 99% or 101%. All zeros when there is nothing to share.
 */
export function wholePercentages(counts: readonly number[]): number[] {
  const total = sum(counts);
  if (total === 0) return counts.map(() => 0);
  const shares = counts.map((count) => {
    const exact = (100 * count) / total;
    return { whole: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  const missing = 100 - sum(shares, (share) => share.whole);
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder);
  for (const share of byRemainder.slice(0, missing)) share.whole += 1;
  return shares.map((share) => share.whole);
}

/** Which values have no defined neighbour: a line through them draws nothing, so they need a mark. */
export function isolated<T>(values: readonly T[], defined: (value: T) => boolean): boolean[] {
  const present = values.map(defined);
  return present.map((here, i) => here && !present[i - 1] && !present[i + 1]);
}
