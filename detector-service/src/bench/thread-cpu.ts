/**
 * Where a process's CPU went during a run, per record: its main thread, its busiest other
 * thread (in the service, the scoring thread) and all the rest together (V8's GC helpers,
 * libuv's pool). Regressions show in the part that moved.
 */
export interface ThreadCpuPerRecord {
  /** CPU microseconds per record of the main thread (the thread whose id is the process id). */
  main: number;
  /** Of the busiest other thread. */
  busiestOther: number;
  /** Of every other thread together. */
  rest: number;
}

/** Per-thread CPU seconds before and after a run of `records` records, as CPU µs per record. */
export function threadCpuPerRecord(pid: number, before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>, records: number): ThreadCpuPerRecord {
  let main = 0;
  let busiest = 0;
  let others = 0;
  for (const [tid, seconds] of after) {
    const used = Math.max(0, seconds - (before.get(tid) ?? 0));
    if (tid === pid) main = used;
    else {
      others += used;
      if (used > busiest) busiest = used;
    }
  }
  const perRecord = (seconds: number): number => (records > 0 ? Math.round((10 * seconds * 1e6) / records) / 10 : 0);
  return { main: perRecord(main), busiestOther: perRecord(busiest), rest: perRecord(others - busiest) };
}
