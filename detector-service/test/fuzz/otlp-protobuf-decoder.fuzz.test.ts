import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { LoggerProvider, InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../../src/bench/otlp-sample-batch.js';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeExportLogsRequest } from '../../src/otlp/proto-decode-logs.js';
import { encodeExportLogsRequest } from '../../src/otlp/proto-encode-logs.js';
import { everyFieldRequest } from '../../src/otlp/test-fixtures.js';
import { decodeOrReject, mutate, Rng } from './fuzz-helpers.js';

const isDecodeError = (err: unknown): boolean => err instanceof OtlpDecodeError;
const decode = (bytes: Uint8Array): unknown => decodeExportLogsRequest(bytes);

function sdkRequestBytes(): Uint8Array {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('fuzz');
  for (let i = 0; i < 5; i++) logger.emit({ body: `request ${i} took ${i * 7} ms`, attributes: { i, tags: ['a', 'b'], nested: { ok: true } } });
  return ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords())!;
}

/** A body nested `depth` arrays deep, built inside-out in one pass (no quadratic copying). */
function deeplyNestedRequest(depth: number): Uint8Array {
  const buf = Buffer.alloc(depth * 12 + 64);
  let start = buf.length;
  const prepend = (bytes: number[]): void => {
    start -= bytes.length;
    for (let i = 0; i < bytes.length; i++) buf[start + i] = bytes[i];
  };
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  prepend([0x0a, 0x01, 0x78]); // AnyValue { string_value: "x" }
  for (let i = 0; i < depth; i++) {
    let len = buf.length - start;
    prepend([0x0a, ...varint(len)]); // ArrayValue { values: <AnyValue> }
    len = buf.length - start;
    prepend([0x2a, ...varint(len)]); // AnyValue { array_value: <ArrayValue> }
  }
  for (const field of [0x2a /* LogRecord.body */, 0x12 /* ScopeLogs.log_records */, 0x12 /* ResourceLogs.scope_logs */, 0x0a /* request.resource_logs */]) {
    const len = buf.length - start;
    prepend([field, ...varint(len)]);
  }
  return buf.subarray(start);
}

describe('protobuf decoder under hostile input', () => {
  it('random bytes decode or are rejected with OtlpDecodeError, quickly', () => {
    const rng = new Rng(0xa11ce);
    let slowest = 0;
    for (let i = 0; i < 20_000; i++) {
      const { ms } = decodeOrReject(decode, rng.bytes(rng.int(512)), isDecodeError);
      slowest = Math.max(slowest, ms);
    }
    expect(slowest).toBeLessThan(1000);
  });

  it('mutated real requests (ours, the OTel SDK serialiser) decode or are rejected', () => {
    const rng = new Rng(0xbeef);
    const seeds = [
      encodeExportLogsRequest(everyFieldRequest(300)),
      encodeExportLogsRequest(sampleLogsBatch({ records: 20, services: 3, seed: 1 })),
      sdkRequestBytes(),
    ];
    let decoded = 0;
    let rejected = 0;
    let slowest = 0;
    for (let i = 0; i < 6_000; i++) {
      let input = rng.pick(seeds);
      const rounds = 1 + rng.int(4);
      for (let r = 0; r < rounds; r++) input = mutate(rng, input);
      const { ok, ms } = decodeOrReject(decode, input, isDecodeError);
      if (ok) decoded++;
      else rejected++;
      slowest = Math.max(slowest, ms);
    }
    // Both outcomes occur: the mutations reach past the first bytes into real structure.
    expect(decoded).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
    expect(slowest).toBeLessThan(1000);
  });

  it('100,000 levels of nesting are refused without overflowing the stack', () => {
    const bytes = deeplyNestedRequest(100_000);
    expect(() => decodeExportLogsRequest(bytes)).toThrow(/nested deeper than 32/);
    expect(() => decodeExportLogsRequest(bytes, { maxNestingDepth: 1_000_000 })).toThrow(OtlpDecodeError);
  });

  it('huge attribute counts and long strings decode, bounded by the request size', () => {
    const request = everyFieldRequest();
    const record = request.resourceLogs[0].scopeLogs[0].logRecords[0];
    record.attributes = Array.from({ length: 200_000 }, (_, i) => ({ key: `k${i}`, value: BigInt(i) }));
    record.body = 'y'.repeat(8 * 1024 * 1024) + 'é';
    const bytes = encodeExportLogsRequest(request);
    const rssBefore = process.memoryUsage().rss;
    const decoded = decodeExportLogsRequest(bytes);
    const got = decoded.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(got.attributes).toHaveLength(200_000);
    expect(got.attributes[199_999]).toEqual({ key: 'k199999', value: 199_999n });
    expect((got.body as string).length).toBe(8 * 1024 * 1024 + 1);
    // The decoded form costs a small multiple of the request, not unbounded memory.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(20 * bytes.length + 64 * 1024 * 1024);
  });

  it('invalid UTF-8 anywhere in a string field is rejected with the field named', () => {
    const rng = new Rng(0xc0ffee);
    const invalidSequences = [[0xff], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xc3]];
    const fieldsHit = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const request = everyFieldRequest();
      const record = request.resourceLogs[0].scopeLogs[0].logRecords[0];
      record.body = 'short';
      const marker = '\u0001MARK\u0001';
      const target = rng.int(4);
      if (target === 0) record.severityText = marker;
      else if (target === 1) record.body = `message ${marker} with more text around it to pass the short path`;
      else if (target === 2) record.attributes[1].key = marker;
      else request.resourceLogs[0].scopeLogs[0].scope!.name = marker;
      const bytes = Buffer.from(encodeExportLogsRequest(request));
      const at = bytes.indexOf('\u0001MARK\u0001');
      const bad = rng.pick(invalidSequences);
      for (let b = 0; b < bad.length; b++) bytes[at + 1 + b] = bad[b];
      try {
        decodeExportLogsRequest(bytes);
        throw new Error('invalid UTF-8 was accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
        expect((err as OtlpDecodeError).message).toMatch(/not valid UTF-8/);
        fieldsHit.add((err as OtlpDecodeError).field);
      }
    }
    expect(fieldsHit).toEqual(
      new Set([
        'resourceLogs.scopeLogs.logRecords.attributes.key',
        'resourceLogs.scopeLogs.logRecords.body',
        'resourceLogs.scopeLogs.logRecords.severityText',
        'resourceLogs.scopeLogs.scope.name',
      ]),
    );
  });
});
