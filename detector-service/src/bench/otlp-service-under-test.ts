import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which service the OTLP benchmarks load. */
export type BenchTarget = 'receiver' | 'service';

export interface ServiceUnderTest {
  pid: number;
  grpcPort: number;
  httpPort: number;
  /** CPU seconds (user + system) the service process has used so far. */
  cpuSeconds(): number;
  /** Stops the process and returns its peak resident memory in MB. */
  stop(): Promise<number>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function onceMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null): void => reject(new Error(`process exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time of a live process from /proc/<pid>/stat (utime + stime). On a shared machine the
 * service's wall-clock throughput depends on what else runs; records per CPU-second does not.
 */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Peak RSS (VmHWM) of a live process, from /proc (Linux). */
function peakRssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Receivers with the real codec and a counting consumer, in a child process. */
async function startReceiverOnly(): Promise<ServiceUnderTest> {
  const child = fork(fileURLToPath(new URL('./otlp-bench-receiver-process.js', import.meta.url)), ['--bench-receiver'], { stdio: 'inherit' });
  const ready = await onceMessage<{ grpcPort: number; httpPort: number }>(child, 'ready');
  return {
    pid: child.pid!,
    grpcPort: ready.grpcPort,
    httpPort: ready.httpPort,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: async () => {
      const stopped = onceMessage<{ peakRssMb: number }>(child, 'stopped');
      child.send({ type: 'stop' });
      return (await stopped).peakRssMb;
    },
  };
}

/**
 * The real `anomalog serve` (engine, pipeline, metrics, JSONL exporter to a size-capped file in
 * a temporary directory, no state persistence), started as a user would start it.
 */
async function startFullService(): Promise<ServiceUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'anomalog-bench-'));
  const [grpcPort, httpPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      main,
      'serve',
      '--grpc-endpoint', `127.0.0.1:${grpcPort}`,
      '--http-endpoint', `127.0.0.1:${httpPort}`,
      '--admin-endpoint', `127.0.0.1:${adminPort}`,
      '--state-dir', join(dir, 'state'),
      '--log-level', 'warn',
      '--set', 'state.enabled=false',
      '--set', `exporters.jsonl.path=${join(dir, 'out.jsonl')}`,
      '--set', 'exporters.jsonl.maxFileSizeMiB=256',
      '--set', 'exporters.jsonl.maxFiles=1',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const readyBy = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error('anomalog serve exited before it was ready');
    if (Date.now() > readyBy) throw new Error('anomalog serve was not ready within 30 s');
    try {
      const res = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    grpcPort,
    httpPort,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: async () => {
      const peak = peakRssMbOf(child.pid!);
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
      rmSync(dir, { recursive: true, force: true });
      return peak;
    },
  };
}

export function startServiceUnderTest(target: BenchTarget): Promise<ServiceUnderTest> {
  return target === 'receiver' ? startReceiverOnly() : startFullService();
}
