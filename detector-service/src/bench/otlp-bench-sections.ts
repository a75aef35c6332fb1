/**
 * The OTLP sections of `anomalog bench`: each transport against the full service (`anomalog
 * serve` with the JSONL exporter: the figure the targets are about) and against the receivers
 * alone (codec + transport, with a consumer that only counts), gRPC against the service with a
 * Loki exporter instead, plus the decoder against protobufjs.
 */
import { runDecoderBench, type DecoderBenchResult } from './otlp-decode-bench.js';
import { runOtlpEndToEnd, type OtlpEndToEndResult } from './otlp-e2e-bench.js';
import type { LoadTransport } from './otlp-load-client.js';

/** Default length of each measured run (full load, then half load), after a warm-up. */
const RUN_MS = 10_000;

export type OtlpTransportBench = OtlpEndToEndResult & {
  receiverOnly: Pick<OtlpEndToEndResult, 'recordsPerSecond' | 'recordsPerCpuSecond' | 'latencyMs' | 'halfLoad' | 'peakRssMb'>;
};

/** Steps of a run, one line each on a terminal. */
const progress = process.stderr.isTTY === true ? (what: string) => process.stderr.write(`  ${what}\n`) : undefined;

export async function benchOtlpTransport(transport: LoadTransport, runMs = RUN_MS): Promise<OtlpTransportBench> {
  const service = await runOtlpEndToEnd(transport, 'service', runMs, progress);
  const receiver = await runOtlpEndToEnd(transport, 'receiver', runMs, progress);
  return {
    ...service,
    receiverOnly: {
      recordsPerSecond: receiver.recordsPerSecond,
      recordsPerCpuSecond: receiver.recordsPerCpuSecond,
      latencyMs: receiver.latencyMs,
      halfLoad: receiver.halfLoad,
      peakRssMb: receiver.peakRssMb,
    },
  };
}

/** OTLP gRPC into the service exporting to Loki only (a local endpoint that answers as Loki does). */
export function benchOtlpLoki(runMs = RUN_MS): Promise<OtlpEndToEndResult> {
  return runOtlpEndToEnd('grpc', 'service-loki', runMs, progress);
}

const k = (n: number): string => n.toLocaleString('en');

/** The service's figures of one end-to-end run. */
function describeService(r: OtlpEndToEndResult): string {
  return (
    `${k(r.recordsPerSecond)} records/s (${k(r.recordsPerCpuSecond)} per CPU-second; p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms), ` +
    `at half load p99 ${r.halfLoad.latencyMs.p99} ms, peak RSS ${r.peakRssMb} MB; ` +
    `CPU µs per record: main thread ${r.threadCpuMicrosPerRecord.main}, scoring thread ${r.threadCpuMicrosPerRecord.busiestOther}, other threads ${r.threadCpuMicrosPerRecord.rest}`
  );
}

export function describeOtlpLoki(result: unknown): string {
  return `grpc → Loki exporter: ${describeService(result as OtlpEndToEndResult)}`;
}

export function describeOtlpTransport(result: unknown): string {
  const r = result as OtlpTransportBench;
  return (
    `${r.transport}: service ${describeService(r)}; ` +
    `receivers alone ${k(r.receiverOnly.recordsPerSecond)} records/s (${k(r.receiverOnly.recordsPerCpuSecond)} per CPU-second), peak RSS ${r.receiverOnly.peakRssMb} MB`
  );
}

export async function benchOtlpDecoder(): Promise<DecoderBenchResult> {
  return runDecoderBench(3000);
}

export function describeOtlpDecoder(result: unknown): string {
  const r = result as DecoderBenchResult;
  return (
    `otlp decoder: ${r.protobuf.mbPerSecond} MB/s (${r.protobuf.recordsPerSecond.toLocaleString('en')} records/s) vs protobufjs ` +
    `${r.protobufjs.mbPerSecond} MB/s: ${r.speedupVsProtobufjs}x; JSON ${r.json.mbPerSecond} MB/s`
  );
}
