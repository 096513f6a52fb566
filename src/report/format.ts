/** How the results site writes numbers (as the charts do): NPS as a signed integer, never an average. */
import { format } from 'd3-format';
import { escapeXml, formatCount, formatNps as formatScore } from '@/charts/svg';

const percent = format('.0%');

export const formatNps = (value: number | null) => (value === null ? '–' : formatScore(value));

export function formatInterval(low: number | null, high: number | null): string {
  return low === null || high === null ? '' : `${formatNps(low)} to ${formatNps(high)}`;
}

export { formatCount };
export const formatRate = (rate: number | null) => (rate === null ? '–' : percent(rate));

/** How fresh the figures are, as every results page's status line shows it (functions/db/rollups.ts reads it). */
export interface DataStatus {
  /** The start of the last complete rollup run. */
  dataAsOf: number | null;
  /** Rows the rollup set aside, which the figures do not count. */
  setAside: { responses: number; invitations: number };
}

/** The status line's note on rows the rollup set aside (rollup_set_aside); empty when there are none. */
export function formatSetAside(setAside: { responses: number; invitations: number }): string {
  const counts = [
    [setAside.responses, 'answer'],
    [setAside.invitations, 'invitation'],
  ] as const;
  const parts = counts.filter(([n]) => n > 0).map(([n, noun]) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`);
  return parts.length ? `${parts.join(' and ')} set aside, not counted (see the rollup log)` : '';
}

export function formatDateTime(ms: number | null): string {
  return ms === null ? 'not yet generated' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Where the status line is in a rendered page: a cached page (functions/http/page-cache.ts) gets the line as it is when served. */
export const STATUS_LINE = /<!--status-->[\s\S]*?<!--\/status-->/;

/** Every results page's status line: how fresh the figures are, and the rows set aside. */
export function statusLine({ dataAsOf, setAside }: DataStatus): string {
  const datetime = dataAsOf === null ? '' : ` datetime="${new Date(dataAsOf).toISOString()}"`;
  const note = formatSetAside(setAside);
  const aside = note ? ` · <span class="set-aside" data-set-aside="${setAside.responses + setAside.invitations}">${escapeXml(note)}</span>` : '';
  return `<!--status--><span class="as-of">Data as of <time${datetime}>${escapeXml(formatDateTime(dataAsOf))}</time>${aside}</span><!--/status-->`;
}
