import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf, peakRssMbOf } from './process-stats.js';
import { startLokiPushSink, type LokiPushSink } from './loki-push-sink.js';
import { startServeProcess } from './serve-process.js';

/** Which service the OTLP benchmarks load: receivers alone, or the service exporting to JSONL or to Loki. */
export type BenchTarget = 'receiver' | 'service' | 'service-loki';

export interface ServiceUnderTest {
  pid: number;
  grpcPort: number;
  httpPort: number;
  /** CPU seconds (user + system) the service process has used so far. */
  cpuSeconds(): number;
  /** What the service says about itself (exporter queues, log tail), for a run that went wrong. */
  diagnose(): Promise<string>;
  /** Stops the process and returns its peak resident memory in MB. */
  stop(): Promise<number>;
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

/** Receivers with the real codec and a counting consumer, in a child process. */
async function startReceiverOnly(): Promise<ServiceUnderTest> {
  const child = fork(fileURLToPath(new URL('./otlp-bench-receiver-process.js', import.meta.url)), ['--bench-receiver'], { stdio: 'inherit' });
  // IPC to a process that exited reports EPIPE here; 'exit' is what the waiters act on.
  child.on('error', () => undefined);
  const ready = await onceMessage<{ grpcPort: number; httpPort: number }>(child, 'ready');
  return {
    pid: child.pid!,
    grpcPort: ready.grpcPort,
    httpPort: ready.httpPort,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    diagnose: () => Promise.resolve('receivers with a counting consumer'),
    stop: async () => {
      const stopped = onceMessage<{ peakRssMb: number }>(child, 'stopped');
      if (child.connected) child.send({ type: 'stop' }, () => undefined);
      return (await stopped).peakRssMb;
    },
  };
}

/**
 * The real `anomalog serve` (engine, pipeline, metrics, no state persistence), started as a user
 * would start it, with the JSONL exporter writing to a size-capped file in a temporary directory,
 * or with only a Loki exporter pushing to a local stand-in for Loki (loki-push-sink.ts).
 */
async function startFullService(exporter: 'jsonl' | 'loki'): Promise<ServiceUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'anomalog-bench-'));
  let sink: LokiPushSink | undefined;
  let configFile: string | undefined;
  if (exporter === 'loki') {
    sink = await startLokiPushSink();
    configFile = join(dir, 'anomalog.yaml');
    writeFileSync(configFile, `exporters:\n  loki:\n    endpoint: ${sink.endpoint}\n`);
  }
  const sets =
    exporter === 'jsonl'
      ? ['state.enabled=false', `exporters.jsonl.path=${join(dir, 'out.jsonl')}`, 'exporters.jsonl.maxFileSizeMiB=256', 'exporters.jsonl.maxFiles=1']
      : ['state.enabled=false'];
  const service = await startServeProcess({ configFile, sets }).catch(async (err: unknown) => {
    await sink?.close();
    throw err;
  });
  const cleanUp = async (): Promise<void> => {
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    pid: service.pid,
    grpcPort: service.grpcPort,
    httpPort: service.httpPort,
    cpuSeconds: () => cpuSecondsOf(service.pid),
    diagnose: async () => {
      const status = await fetch(`${service.admin}/api/v1/status`).then(
        (r) => r.text(),
        (err: unknown) => `status unavailable: ${String(err)}`,
      );
      return `status ${status}; log tail ${service.stderr().slice(-1500)}`;
    },
    stop: async () => {
      let peak: number;
      try {
        peak = peakRssMbOf(service.pid);
      } catch {
        // /proc/<pid> is gone: the service died under load, which is a result of its own.
        const code = await service.exited;
        await cleanUp();
        throw new Error(`anomalog serve exited (${code}) during the run: ${service.stderr().slice(-1000)}`);
      }
      await service.stop();
      await cleanUp();
      return peak;
    },
  };
}

export function startServiceUnderTest(target: BenchTarget): Promise<ServiceUnderTest> {
  return target === 'receiver' ? startReceiverOnly() : startFullService(target === 'service-loki' ? 'loki' : 'jsonl');
}
