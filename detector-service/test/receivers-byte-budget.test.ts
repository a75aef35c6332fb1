import * as grpc from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../src/bench/otlp-sample-batch.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { LOGS_EXPORT_PATH } from '../src/receivers/grpc-receiver.js';
import { CountingObserver, RecordingConsumer, startReceivers } from './receivers-helpers.js';

describe('in-flight byte budget', () => {
  it('HTTP: refuses requests past the budget with 503 + Retry-After, and takes them again once bytes are released', async () => {
    const consumer = new RecordingConsumer();
    consumer.delayMs = 1500; // requests hold their bytes while the pipeline works on them
    const observer = new CountingObserver();
    const body = encodeExportLogsRequest(sampleLogsBatch({ records: 300, services: 3, seed: 8 }));
    const receivers = await startReceivers(consumer, { maxInFlightBytes: Math.floor(body.length * 2.5) }, observer);
    const url = `http://127.0.0.1:${receivers.httpPort}/v1/logs`;
    try {
      const post = (payload: Uint8Array, gzip = false) =>
        fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) }, body: payload });
      const first = [post(body), post(body), post(body), post(gzipSync(body), true)];
      const statuses = (await Promise.all(first)).map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(2);
      const refused = (await Promise.all(first)).filter((r) => r.status === 503);
      expect(refused).toHaveLength(2);
      expect(refused[0].headers.get('retry-after')).toBe('1');
      expect(observer.get('http.refusedRequests.backpressure')).toBe(2);
      // Budget released: the next ones are taken.
      expect((await post(body)).status).toBe(200);
      expect((await post(gzipSync(body), true)).status).toBe(200);
    } finally {
      await receivers.stop();
    }
  });

  it('gRPC: refuses calls past the budget with UNAVAILABLE + RetryInfo, and takes them again once released', async () => {
    const consumer = new RecordingConsumer();
    consumer.delayMs = 1500;
    const observer = new CountingObserver();
    const body = encodeExportLogsRequest(sampleLogsBatch({ records: 300, services: 3, seed: 9 }));
    const receivers = await startReceivers(consumer, { maxInFlightBytes: Math.floor(body.length * 2.5) }, observer);
    const client = new grpc.Client(`127.0.0.1:${receivers.grpcPort}`, grpc.credentials.createInsecure());
    const call = (): Promise<grpc.ServiceError | null> =>
      new Promise((resolve) => {
        client.makeUnaryRequest(LOGS_EXPORT_PATH, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, new grpc.Metadata(), (err) => resolve(err));
      });
    try {
      const results = await Promise.all([call(), call(), call(), call()]);
      expect(results.filter((e) => e === null)).toHaveLength(2);
      const refused = results.filter((e) => e !== null);
      expect(refused.map((e) => e!.code)).toEqual([grpc.status.UNAVAILABLE, grpc.status.UNAVAILABLE]);
      expect(refused[0]!.metadata.get('grpc-status-details-bin')).toHaveLength(1);
      expect(observer.get('grpc.refusedRequests.backpressure')).toBe(2);
      expect(await call()).toBeNull();
    } finally {
      client.close();
      await receivers.stop();
    }
  });
});
