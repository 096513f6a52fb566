// Each bench hands its headline figures to `npm run bench`'s one table (bench/all.mjs) through
// record(): a JSON file per bench in the folder named by BENCH_RECORD. Alone, a bench only prints.
import { writeFileSync } from 'node:fs';

/**
 * One line of the table: what was measured, the figure as printed, the goal it is held to (empty
 * when none) and whether the figure meets it (null when there is no goal; a word such as "split"
 * when it meets it another way).
 * @typedef {{ what: string, figure: string, goal?: string, met?: boolean | string | null }} Line
 */

/** Keeps the bench's lines for the table when the summary asked for them. */
export function record(bench, /** @type {Line[]} */ lines) {
  const folder = process.env.BENCH_RECORD;
  if (folder) writeFileSync(`${folder}/${bench}.json`, JSON.stringify(lines, null, 2));
}

/** "1,234" */
export const count = (x) => Math.round(x).toLocaleString('en');
