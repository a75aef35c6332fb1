import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../../src/bench/otlp-sample-batch.js';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeExportLogsJson } from '../../src/otlp/json-decode-logs.js';
import { encodeExportLogsJson } from '../../src/otlp/json-encode-logs.js';
import { everyFieldRequest } from '../../src/otlp/test-fixtures.js';
import { decodeOrReject, mutate, Rng } from './fuzz-helpers.js';

const isDecodeError = (err: unknown): boolean => err instanceof OtlpDecodeError;
const decode = (bytes: Uint8Array): unknown => decodeExportLogsJson(bytes);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function sdkJson(): string {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('fuzz');
  for (let i = 0; i < 4; i++) logger.emit({ body: `job ${i} done`, severityNumber: 9, attributes: { i, bytes: new Uint8Array([i]), list: [1, 'x'] } });
  return new TextDecoder().decode(JsonLogsSerializer.serializeRequest(exporter.getFinishedLogRecords())!);
}

/** A random JSON value of bounded size, to put where the schema expects something else. */
function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 2, 1e308, -1e-308, 4294967296, -2147483649]);
    case 3:
      return rng.pick(['', 'NaN', '-Infinity', '12', '-9223372036854775809', 'zz', 'SEVERITY_NUMBER_FATAL', '0'.repeat(40), 'AAECAw==', '\u0000']);
    case 4:
      return 'x'.repeat(rng.int(3000));
    case 5:
      return rng.pick(['stringValue', 'intValue', 'kvlistValue', 'arrayValue', '__proto__', 'constructor']);
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      const keys = ['stringValue', 'intValue', 'doubleValue', 'boolValue', 'bytesValue', 'arrayValue', 'kvlistValue', 'values', 'key', 'value', 'resourceLogs', 'scopeLogs', 'logRecords', 'body', 'attributes', 'traceId', '__proto__'];
      for (let i = rng.int(4); i > 0; i--) obj[rng.pick(keys)] = randomJson(rng, depth + 1);
      return obj;
    }
  }
}

/** Replaces one random node of a parsed request with a random JSON value. */
function mutateTree(rng: Rng, root: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach((child, i) => (nodes.push({ parent: node, key: i }), walk(child)));
    else if (node !== null && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        nodes.push({ parent: node as Record<string, unknown>, key: k });
        walk(child);
      }
    }
  };
  walk(root);
  if (nodes.length === 0) return randomJson(rng);
  const { parent, key } = rng.pick(nodes);
  (parent as Record<string | number, unknown>)[key] = randomJson(rng);
  return root;
}

describe('OTLP/JSON decoder under hostile input', () => {
  const seeds = [encodeExportLogsJson(everyFieldRequest(300)), encodeExportLogsJson(sampleLogsBatch({ records: 10, services: 2, seed: 3 })), sdkJson()];

  it('random bytes are rejected with OtlpDecodeError', () => {
    const rng = new Rng(0x5eed);
    for (let i = 0; i < 10_000; i++) {
      const { ok } = decodeOrReject(decode, rng.bytes(rng.int(256)), isDecodeError);
      expect(ok).toBe(false);
    }
  });

  it('byte-mutated real requests decode or are rejected', () => {
    const rng = new Rng(0xfeed);
    const seedBytes = seeds.map(utf8);
    let slowest = 0;
    for (let i = 0; i < 4_000; i++) {
      let input = rng.pick(seedBytes);
      for (let r = 1 + rng.int(3); r > 0; r--) input = mutate(rng, input);
      slowest = Math.max(slowest, decodeOrReject(decode, input, isDecodeError).ms);
    }
    expect(slowest).toBeLessThan(1000);
  });

  it('structurally mutated requests (wrong types anywhere) decode or are rejected, never crash', () => {
    const rng = new Rng(0xd00d);
    let decoded = 0;
    let rejected = 0;
    for (let i = 0; i < 4_000; i++) {
      let tree = JSON.parse(rng.pick(seeds));
      for (let r = 1 + rng.int(3); r > 0; r--) tree = mutateTree(rng, tree);
      const { ok } = decodeOrReject(decode, utf8(JSON.stringify(tree)), isDecodeError);
      if (ok) decoded++;
      else rejected++;
    }
    expect(decoded).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('deep nesting, in the schema or not, is refused or ignored without a stack overflow', () => {
    let body = '{"stringValue":"leaf"}';
    for (let i = 0; i < 20_000; i++) body = `{"kvlistValue":{"values":[{"key":"k","value":${body}}]}}`;
    const inSchema = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${body}}]}]}]}`;
    expect(() => decodeExportLogsJson(utf8(inSchema))).toThrow(/nested deeper than 32/);
    const unknownKey = `{"resourceLogs":[],"extra":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(decodeOrReject(decode, utf8(unknownKey), isDecodeError).ms).toBeLessThan(2000);
  });

  it('huge attribute counts and long strings decode', () => {
    const attributes = Array.from({ length: 100_000 }, (_, i) => ({ key: `a${i}`, value: { intValue: String(i) } }));
    const text = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'z'.repeat(4_000_000) }, attributes }] }] }] });
    const record = decodeExportLogsJson(utf8(text)).resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.attributes).toHaveLength(100_000);
    expect(record.attributes[99_999]).toEqual({ key: 'a99999', value: 99_999n });
    expect((record.body as string).length).toBe(4_000_000);
  });

  it('invalid UTF-8 in the body is rejected', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(seeds[1]);
      const at = bytes.indexOf('"stringValue":"') + 16 + rng.int(8);
      bytes[at] = rng.pick([0xff, 0xc0, 0x80, 0xed]);
      expect(() => decodeExportLogsJson(bytes)).toThrow(/not valid UTF-8/);
    }
  });
});
