import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../src/bench/otlp-sample-batch.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { CountingObserver, RecordingConsumer, startReceivers } from './receivers-helpers.js';

describe('HTTP in-flight byte budget', () => {
  it('refuses requests past the budget with 503 + Retry-After, and takes them again once bytes are released', async () => {
    const consumer = new RecordingConsumer();
    consumer.delayMs = 400; // requests hold their bytes while the pipeline works on them
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
});
