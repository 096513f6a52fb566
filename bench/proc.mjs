// CPU time of processes from Linux's /proc, for bench/cpu: a process's utime + stime, and the
// workerd processes a Miniflare instance of this Node process spawned.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * The fields bench/cpu needs from one /proc/<pid>/stat line. The command name sits in parentheses
 * and may itself hold spaces and parentheses, so the fields are counted from its last `)`.
 */
export function parseStat(text) {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After ") ": field 3 (state) is index 0, so field 4 (ppid) is 1, 14 (utime) 11, 15 (stime) 12.
  const fields = text.slice(close + 2).trim().split(/\s+/);
  return { pid: Number(text.slice(0, open)), comm: text.slice(open + 1, close), ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) };
}

function readStat(pid) {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone since the directory was listed
  }
}

/** Every live descendant of `pid` whose command name is `comm` (e.g. the workerd of a Miniflare). */
export function descendantsNamed(pid, comm) {
  const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(readStat).filter(Boolean);
  const children = new Map();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.shift();
    if (p.comm === comm) found.push(p.pid);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return found;
}

/** User + system CPU time of `pids` so far, in milliseconds (resolution: one clock tick). */
export function cpuMillis(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) ticks += stat.utime + stat.stime;
  }
  return (ticks * 1000) / CLK_TCK;
}
