/**
 * CPU time and memory of another live process, read from /proc (Linux): the bench and the soak
 * measure the service process, not the process that drives the load.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU seconds (user + system) from /proc/<pid>/stat. On a shared machine the service's
 * wall-clock throughput depends on what else runs; records per CPU-second does not.
 */
export function cpuSecondsOf(pid: number): number {
  return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** Utime + stime fields of a /proc stat line, in seconds. */
function statCpuSeconds(stat: string): number {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU seconds of each thread of a process, by thread id (/proc/<pid>/task): which part of the
 * service the CPU goes to (the main thread has the process id; V8's GC helpers and libuv's pool
 * are threads of their own). A thread that ends between two reads is simply missing.
 */
export function threadCpuSecondsOf(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(Number(tid), statCpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

function statusKbOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Number(match[1]) : NaN;
}

/** Resident memory now, in MB. */
export function rssMbOf(pid: number): number {
  return Math.round(statusKbOf(pid, 'VmRSS') / 1024);
}

/** Peak resident memory so far (the kernel's high-water mark), in MB. */
export function peakRssMbOf(pid: number): number {
  return Math.round(statusKbOf(pid, 'VmHWM') / 1024);
}
