/**
 * The load-generating process of the OTLP benchmarks (started with child_process.fork, so its
 * CPU is not the service's). It prebuilds realistic requests (1,000 records over many services),
 * then sends them either as fast as the service accepts them (closed loop, `concurrency`
 * requests in flight) or at a fixed offered rate (open loop: latency is measured from each
 * request's scheduled time, so a stalled service cannot hide its queueing delay).
 */
import { encodeExportLogsJson } from '../otlp/json-encode-logs.js';
import { encodeExportLogsRequest } from '../otlp/proto-encode-logs.js';
import { LatencyRecorder } from './latency-stats.js';
import { createLoadClient, type LoadTransport } from './otlp-load-client.js';
import { sampleLogsBatch } from './otlp-sample-batch.js';

export interface LoadRunRequest {
  type: 'run';
  transport: LoadTransport;
  host: string;
  port: number;
  durationMs: number;
  concurrency: number;
  /** 0: as fast as accepted; otherwise records per second offered. */
  offeredRecordsPerSecond: number;
  recordsPerRequest: number;
  servicesPerRequest: number;
  distinctRequests: number;
}

export interface LoadRunResult {
  type: 'result';
  transport: LoadTransport;
  acceptedRecords: number;
  acceptedRequests: number;
  backpressureRequests: number;
  failedRequests: number;
  elapsedMs: number;
  recordsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; count: number };
  requestBytes: number;
}

function buildPayloads(run: LoadRunRequest): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < run.distinctRequests; i++) {
    const batch = sampleLogsBatch({
      records: run.recordsPerRequest,
      services: run.servicesPerRequest,
      seed: 1000 + i * 37,
      startTimeUnixNano: BigInt(Date.now()) * 1_000_000n + BigInt(i) * 1_000_000_000n,
    });
    payloads.push(run.transport === 'http-json' ? Buffer.from(encodeExportLogsJson(batch)) : encodeExportLogsRequest(batch));
  }
  return payloads;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runLoad(run: LoadRunRequest): Promise<LoadRunResult> {
  const payloads = buildPayloads(run);
  const client = createLoadClient(run.transport, run.host, run.port, run.concurrency);
  const latencies = new LatencyRecorder();
  let acceptedRequests = 0;
  let backpressureRequests = 0;
  let failedRequests = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + run.durationMs;

  const sendOne = async (scheduledAt: number): Promise<void> => {
    const result = await client.send(payloads[sent++ % payloads.length]);
    if (result === 'ok') {
      acceptedRequests++;
      latencies.add(performance.now() - scheduledAt);
    } else if (result === 'backpressure') {
      backpressureRequests++;
      await sleep(20); // a collector backs off before retrying
    } else {
      failedRequests++;
      await sleep(20);
    }
  };

  if (run.offeredRecordsPerSecond <= 0) {
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) await sendOne(performance.now());
    };
    await Promise.all(Array.from({ length: run.concurrency }, worker));
  } else {
    const intervalMs = (1000 * run.recordsPerRequest) / run.offeredRecordsPerSecond;
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; ; i++) {
      const scheduledAt = started + i * intervalMs;
      if (scheduledAt >= deadline) break;
      const wait = scheduledAt - performance.now();
      if (wait > 0) await sleep(wait);
      while (inFlight.size >= run.concurrency) await Promise.race(inFlight);
      const p: Promise<void> = sendOne(scheduledAt).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }
  const elapsedMs = performance.now() - started;
  client.close();
  const acceptedRecords = acceptedRequests * run.recordsPerRequest;
  return {
    type: 'result',
    transport: run.transport,
    acceptedRecords,
    acceptedRequests,
    backpressureRequests,
    failedRequests,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: Math.round((acceptedRecords * 1000) / elapsedMs),
    latencyMs: latencies.summary(),
    requestBytes: payloads[0].length,
  };
}

// As a forked child: one run per message (warm-up, full load, half load in the same process,
// so the measured runs see warm JIT code), each result sent back over IPC; 'exit' ends it.
if (process.send !== undefined && process.argv[2] === '--load-generator') {
  process.on('message', (message: LoadRunRequest | { type: 'exit' }) => {
    if (message.type === 'exit') process.disconnect();
    if (message.type !== 'run') return;
    runLoad(message).then(
      (result) => process.send!(result),
      (err: unknown) => process.send!({ type: 'error', message: String(err) }),
    );
  });
}
