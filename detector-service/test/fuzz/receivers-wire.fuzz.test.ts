import * as grpc from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../../src/bench/otlp-sample-batch.js';
import { encodeExportLogsJson } from '../../src/otlp/json-encode-logs.js';
import { encodeExportLogsRequest } from '../../src/otlp/proto-encode-logs.js';
import { LOGS_EXPORT_PATH } from '../../src/receivers/grpc-receiver.js';
import { CountingObserver, RecordingConsumer, startReceivers, type RunningReceivers } from '../receivers-helpers.js';
import { mutate, Rng } from './fuzz-helpers.js';

/** Hostile bodies over the wire: every answer is a defined OTLP status and the listener lives on. */
describe('receivers under hostile requests', () => {
  const consumer = new RecordingConsumer();
  const observer = new CountingObserver();
  let receivers: RunningReceivers;
  let client: grpc.Client;
  const protoSeed = encodeExportLogsRequest(sampleLogsBatch({ records: 30, services: 3, seed: 11 }));
  const jsonSeed = Buffer.from(encodeExportLogsJson(sampleLogsBatch({ records: 30, services: 3, seed: 12 })));

  beforeAll(async () => {
    receivers = await startReceivers(consumer, { maxRequestBytes: 256 * 1024 }, observer);
    client = new grpc.Client(`127.0.0.1:${receivers.grpcPort}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await receivers.stop();
  });

  function hostileBody(rng: Rng, seed: Uint8Array): Uint8Array {
    const kind = rng.int(3);
    if (kind === 0) return rng.bytes(rng.int(2048));
    let body = seed;
    for (let r = 1 + rng.int(4); r > 0; r--) body = mutate(rng, body);
    return kind === 2 ? rng.bytes(300 * 1024) : body;
  }

  it('HTTP: only 200, 400 or 413, then a good request still succeeds', async () => {
    const rng = new Rng(0x4318);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const json = rng.next() < 0.5;
      let body = hostileBody(rng, json ? jsonSeed : protoSeed);
      const gzip = rng.next() < 0.3;
      if (gzip) body = rng.next() < 0.8 ? gzipSync(body) : mutate(rng, gzipSync(body));
      const res = await fetch(`http://127.0.0.1:${receivers.httpPort}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': json ? 'application/json' : 'application/x-protobuf', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
        body,
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((s) => s === 200 || s === 400 || s === 413)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(50);
    expect(statuses.get(413)).toBeGreaterThan(10);
    const ok = await fetch(`http://127.0.0.1:${receivers.httpPort}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: protoSeed });
    expect(ok.status).toBe(200);
  });

  it('gRPC: only OK, INVALID_ARGUMENT or RESOURCE_EXHAUSTED, then a good call still succeeds', async () => {
    const rng = new Rng(0x4317);
    const call = (body: Uint8Array): Promise<number> =>
      new Promise((resolve) => {
        client.makeUnaryRequest(LOGS_EXPORT_PATH, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, new grpc.Metadata(), (err) => resolve(err === null ? grpc.status.OK : err.code));
      });
    const codes = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const code = await call(hostileBody(rng, protoSeed));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    const allowed = [grpc.status.OK, grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED];
    expect([...codes.keys()].every((c) => allowed.includes(c))).toBe(true);
    expect(codes.get(grpc.status.INVALID_ARGUMENT)).toBeGreaterThan(50);
    expect(await call(protoSeed)).toBe(grpc.status.OK);
    expect(observer.get('grpc.refused.internal') + observer.get('http.refused.internal')).toBe(0);
  });
});
