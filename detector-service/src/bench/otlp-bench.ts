/**
 * The OTLP sections of `npm run bench`: decoder throughput against protobufjs, and each
 * transport end to end (gRPC, HTTP protobuf, HTTP JSON) against the full service, or against
 * the receivers alone with `target: 'receiver'`.
 */
import { runDecoderBench, type DecoderBenchResult } from './otlp-decode-bench.js';
import { runOtlpEndToEnd, type OtlpEndToEndResult } from './otlp-e2e-bench.js';
import type { BenchTarget } from './otlp-service-under-test.js';

export interface OtlpBenchResults {
  otlpDecoder: DecoderBenchResult;
  otlpGrpc: OtlpEndToEndResult;
  otlpHttpProtobuf: OtlpEndToEndResult;
  otlpHttpJson: OtlpEndToEndResult;
}

export interface OtlpBenchOptions {
  target: BenchTarget;
  /** Length of each measured run (full load, then half load). */
  durationMs: number;
  onProgress?: (what: string) => void;
}

export async function runOtlpBenchmarks(options: OtlpBenchOptions): Promise<OtlpBenchResults> {
  options.onProgress?.('OTLP decoder vs protobufjs');
  const otlpDecoder = runDecoderBench(3000);
  const otlpGrpc = await runOtlpEndToEnd('grpc', options.target, options.durationMs, options.onProgress);
  const otlpHttpProtobuf = await runOtlpEndToEnd('http-protobuf', options.target, options.durationMs, options.onProgress);
  const otlpHttpJson = await runOtlpEndToEnd('http-json', options.target, options.durationMs, options.onProgress);
  return { otlpDecoder, otlpGrpc, otlpHttpProtobuf, otlpHttpJson };
}

// `node dist/bench/otlp-bench.js [receiver|service] [seconds]` runs these sections alone.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const target = (process.argv[2] ?? 'service') as BenchTarget;
  const seconds = Number(process.argv[3] ?? 10);
  runOtlpBenchmarks({ target, durationMs: seconds * 1000, onProgress: (w) => process.stderr.write(`${w}\n`) }).then(
    (results) => process.stdout.write(`${JSON.stringify(results, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
