import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadTransport } from './otlp-load-client.js';
import type { LoadRunRequest, LoadRunResult } from './otlp-load-generator.js';
import { startServiceUnderTest, type BenchTarget } from './otlp-service-under-test.js';
import { threadCpuSecondsOf } from './process-stats.js';
import { threadCpuPerRecord, type ThreadCpuPerRecord } from './thread-cpu.js';

export interface OtlpEndToEndResult {
  target: BenchTarget;
  transport: LoadTransport;
  recordsPerRequest: number;
  requestBytes: number;
  /** Sustained accepted records/s with the load generator sending as fast as accepted. */
  recordsPerSecond: number;
  latencyMs: LoadRunResult['latencyMs'];
  /**
   * Accepted records per CPU-second of the service process during the full-load run: its
   * throughput were it given a whole core, independent of what else the machine runs.
   */
  recordsPerCpuSecond: number;
  /** CPU cores the service process used on average during the full-load run. */
  serviceCores: number;
  /** CPU µs per accepted record during the full-load run, by thread (busiestOther: the scoring thread). */
  threadCpuMicrosPerRecord: ThreadCpuPerRecord;
  backpressureRequests: number;
  failedRequests: number;
  /** The same service offered half of that rate: the latency users see under normal load. */
  halfLoad: { offeredRecordsPerSecond: number; recordsPerSecond: number; latencyMs: LoadRunResult['latencyMs'] };
  /** Peak resident memory of the service process (not the load generator). */
  peakRssMb: number;
  durationMs: number;
  /** How the load generator sends (what its own CPU, which shares the machine, covers). */
  sender: string;
}

/** The load-generating process: runs one load at a time, in order. */
class LoadGenerator {
  private readonly child: ChildProcess = fork(fileURLToPath(new URL('./otlp-load-generator.js', import.meta.url)), ['--load-generator'], {
    stdio: 'inherit',
  });

  constructor() {
    // A channel to a process that has exited reports EPIPE / ERR_IPC_CHANNEL_CLOSED; the run that
    // was waiting learns of it from 'exit', and nothing else must take the bench down.
    this.child.on('error', () => undefined);
  }

  run(run: Omit<LoadRunRequest, 'type'>): Promise<LoadRunResult> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        this.child.off('exit', onExit);
        this.child.off('message', onMessage);
      };
      const onExit = (code: number | null, signal: string | null): void => {
        settle();
        reject(new Error(`load generator exited (${code ?? signal}) during the run`));
      };
      const onMessage = (message: LoadRunResult | { type: 'error'; message: string }): void => {
        settle();
        if (message.type === 'result') resolve(message);
        else reject(new Error(`load generator failed: ${message.message}`));
      };
      if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected) {
        return reject(new Error('load generator is not running'));
      }
      this.child.once('exit', onExit);
      this.child.once('message', onMessage);
      this.child.send({ type: 'run', ...run } satisfies LoadRunRequest, (err) => {
        if (err) {
          settle();
          reject(new Error(`load generator unreachable: ${err.message}`));
        }
      });
    });
  }

  close(): void {
    if (this.child.connected) this.child.send({ type: 'exit' }, () => undefined);
    // Should it not leave on its own (e.g. stuck in a request), it does not outlive the bench.
    setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
  }
}

/**
 * One transport end to end: a separate load-generating process sends 1,000-record requests over
 * many services to the service process, first as fast as it accepts them, then at half that rate.
 */
export async function runOtlpEndToEnd(transport: LoadTransport, target: BenchTarget, durationMs: number, onProgress?: (what: string) => void): Promise<OtlpEndToEndResult> {
  const service = await startServiceUnderTest(target);
  const generator = new LoadGenerator();
  try {
    const port = transport === 'grpc' ? service.grpcPort : service.httpPort;
    const base = {
      transport,
      host: '127.0.0.1',
      port,
      concurrency: 8,
      recordsPerRequest: 1000,
      servicesPerRequest: 40,
      distinctRequests: 24,
    };
    onProgress?.(`${transport} → ${target}: warm-up`);
    await generator.run({ ...base, durationMs: Math.min(3000, durationMs / 2), offeredRecordsPerSecond: 0 });
    onProgress?.(`${transport} → ${target}: full load`);
    const cpuBefore = service.cpuSeconds();
    const threadsBefore = threadCpuSecondsOf(service.pid);
    const full = await generator.run({ ...base, durationMs, offeredRecordsPerSecond: 0 });
    const cpuUsed = service.cpuSeconds() - cpuBefore;
    const threadCpu = threadCpuPerRecord(service.pid, threadsBefore, threadCpuSecondsOf(service.pid), full.acceptedRecords);
    // A service that accepted nothing has no throughput to report: that is a failure, with what it says.
    if (full.acceptedRecords === 0) {
      throw new Error(
        `${transport} → ${target}: nothing accepted in ${durationMs} ms (${full.backpressureRequests} backpressure, ${full.failedRequests} failed answers); ${await service.diagnose()}`,
      );
    }
    const offered = Math.max(1000, Math.round(full.recordsPerSecond / 2));
    onProgress?.(`${transport} → ${target}: half load (${offered} records/s)`);
    const half = await generator.run({ ...base, durationMs, offeredRecordsPerSecond: offered, concurrency: 64 });
    generator.close();
    const peakRssMb = await service.stop();
    return {
      target,
      transport,
      recordsPerRequest: base.recordsPerRequest,
      requestBytes: full.requestBytes,
      recordsPerSecond: full.recordsPerSecond,
      latencyMs: full.latencyMs,
      recordsPerCpuSecond: Math.round(full.acceptedRecords / cpuUsed),
      serviceCores: Math.round((100 * cpuUsed) / (full.elapsedMs / 1000)) / 100,
      threadCpuMicrosPerRecord: threadCpu,
      backpressureRequests: full.backpressureRequests,
      failedRequests: full.failedRequests,
      halfLoad: { offeredRecordsPerSecond: offered, recordsPerSecond: half.recordsPerSecond, latencyMs: half.latencyMs },
      peakRssMb,
      durationMs,
      sender:
        `${base.distinctRequests} distinct requests encoded once and resent in turn, ${base.concurrency} in flight ` +
        '(64 at half load); a refused request is resent 20 ms later',
    };
  } catch (err) {
    generator.close();
    await service.stop().catch(() => undefined);
    throw err;
  }
}
