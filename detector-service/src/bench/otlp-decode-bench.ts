import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeExportLogsJson } from '../otlp/json-decode-logs.js';
import { encodeExportLogsJson } from '../otlp/json-encode-logs.js';
import { decodeExportLogsRequest } from '../otlp/proto-decode-logs.js';
import { encodeExportLogsRequest } from '../otlp/proto-encode-logs.js';
import { loadOtlpLogsProto } from './otlp-logs-proto-schema.js';
import { sampleLogsBatch } from './otlp-sample-batch.js';

export interface DecoderBenchResult {
  requestBytes: number;
  recordsPerRequest: number;
  protobuf: { mbPerSecond: number; recordsPerSecond: number };
  protobufjs: { mbPerSecond: number; recordsPerSecond: number };
  speedupVsProtobufjs: number;
  json: { mbPerSecond: number; recordsPerSecond: number; requestBytes: number };
  /** The encoder (used by the OTLP forward exporters and the load generator), same request. */
  protobufEncode: { mbPerSecond: number; recordsPerSecond: number };
}

/**
 * A full garbage collection on demand, so the garbage one decoder leaves is not collected
 * during the next one's timed slice (which would bias the comparison against the second).
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Runs `fn` repeatedly for about `ms` milliseconds after a short warm-up; returns calls per second. */
function rate(fn: () => unknown, ms: number): number {
  for (let i = 0; i < 20; i++) fn();
  collectGarbage();
  let calls = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 5; i++) fn();
    calls += 5;
    now = process.hrtime.bigint();
  }
  return calls / (Number(now - start) / 1e9);
}

/**
 * Decoder throughput on the same 1,000-record request: the hand-written decoder (into the full
 * model, bigints and UTF-8 validation included) against protobufjs's generated reflection
 * decoder (into its own message objects, Longs left unconverted), and the OTLP/JSON decoder.
 */
export function runDecoderBench(ms = 3000): DecoderBenchResult {
  const batch = sampleLogsBatch({ records: 1000, services: 25, seed: 42 });
  const bytes = encodeExportLogsRequest(batch);
  const jsonBytes = new TextEncoder().encode(encodeExportLogsJson(batch));
  const { request } = loadOtlpLogsProto();
  // Interleaved short rounds, best of each: on a shared machine, the others' load then hits all
  // decoders alike instead of whichever happened to run during a busy second.
  const rounds = 6;
  const slice = ms / rounds;
  let ours = 0;
  let theirs = 0;
  let json = 0;
  let encode = 0;
  for (let round = 0; round < rounds; round++) {
    encode = Math.max(encode, rate(() => encodeExportLogsRequest(batch), slice / 2));
    ours = Math.max(ours, rate(() => decodeExportLogsRequest(bytes), slice));
    theirs = Math.max(theirs, rate(() => request.decode(bytes), slice));
    json = Math.max(json, rate(() => decodeExportLogsJson(jsonBytes), slice));
  }
  const mb = bytes.length / 1e6;
  return {
    requestBytes: bytes.length,
    recordsPerRequest: 1000,
    protobuf: { mbPerSecond: round(ours * mb), recordsPerSecond: Math.round(ours * 1000) },
    protobufjs: { mbPerSecond: round(theirs * mb), recordsPerSecond: Math.round(theirs * 1000) },
    speedupVsProtobufjs: round(ours / theirs),
    json: {
      mbPerSecond: round((json * jsonBytes.length) / 1e6),
      recordsPerSecond: Math.round(json * 1000),
      requestBytes: jsonBytes.length,
    },
    protobufEncode: { mbPerSecond: round(encode * mb), recordsPerSecond: Math.round(encode * 1000) },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
