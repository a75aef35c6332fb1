import { describe, expect, it } from 'vitest';
import { threadCpuPerRecord } from './thread-cpu.js';
import { threadCpuSecondsOf } from './process-stats.js';

describe('thread CPU per record', () => {
  it('splits the CPU used during a run into the main thread, the busiest other thread and the rest', () => {
    const before = new Map([
      [100, 1.0],
      [101, 0.5],
      [102, 0.2],
      [103, 0.1],
    ]);
    // 104 started during the run; 103 used nothing.
    const after = new Map([
      [100, 1.9],
      [101, 1.5],
      [102, 0.4],
      [103, 0.1],
      [104, 0.05],
    ]);
    expect(threadCpuPerRecord(100, before, after, 100_000)).toEqual({ main: 9, busiestOther: 10, rest: 2.5 });
  });

  it('reads the threads of a live process, the main one under the process id', () => {
    const threads = threadCpuSecondsOf(process.pid);
    expect(threads.has(process.pid)).toBe(true);
    expect(threads.size).toBeGreaterThan(1);
  });
});
