/**
 * The V8 flags `anomalog serve` is started with: by `npm start`, by the Dockerfile's entrypoint,
 * and by the bench and soak for the service they measure. V8 reads them only from the command
 * line (setting them at run time crashes the process, and NODE_OPTIONS refuses them).
 *
 * --single-threaded-gc: a replica keeps two threads busy (receive and render on the main thread,
 * scoring on its worker), so on the two cores it is sized for, V8's parallel and concurrent GC
 * helpers take their time from those threads and add their own synchronisation. Without them the
 * service spent about 1.4 µs less CPU per record in all (0.4 instead of 1.8 µs/record on other
 * threads, some 0.5 µs more on the main thread) and took 3 to 19% more records per second at full
 * load over gRPC, in five runs of each taken in turns.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** How this process collects garbage, as the ready log line reports it. */
export function gcMode(execArgv: readonly string[] = process.execArgv): 'single-threaded' | 'parallel' {
  return execArgv.includes('--single-threaded-gc') ? 'single-threaded' : 'parallel';
}
