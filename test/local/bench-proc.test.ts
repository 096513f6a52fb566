import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuMillis, descendantsNamed, parseStat } from '../../bench/proc.mjs';

// bench/cpu reads workerd's CPU time from /proc: the fields must be the right ones.
describe('bench/proc', () => {
  it('reads ppid, utime and stime after a command name with spaces and parentheses', () => {
    const line = '4242 (work (er) d) S 17 4242 4242 0 -1 4194560 1510 0 0 0 123 45 0 0 20 0 9 0 2817 1234567 890 18446744073709551615';
    expect(parseStat(line)).toEqual({ pid: 4242, comm: 'work (er) d', ppid: 17, utime: 123, stime: 45 });
  });

  it('finds a process it spawned by name, and only while it runs', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((resolve) => child.once('spawn', resolve));
    expect(descendantsNamed(process.pid, 'sleep')).toContain(child.pid);
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
    expect(descendantsNamed(process.pid, 'sleep')).not.toContain(child.pid);
  });

  it('counts the CPU a process burns as Node itself counts it', () => {
    const before = cpuMillis([process.pid]);
    const start = process.cpuUsage();
    // Busy until Node's own count has grown by 300 ms of CPU (not wall) time.
    let x = 0;
    for (;;) {
      for (let i = 0; i < 1e5; i++) x += i;
      const used = process.cpuUsage(start);
      if ((used.user + used.system) / 1000 >= 300) break;
    }
    expect(x).toBeGreaterThan(0);
    const grown = cpuMillis([process.pid]) - before;
    // Clock ticks are 10 ms; the test's other threads can only add.
    expect(grown).toBeGreaterThanOrEqual(280);
  });
});
