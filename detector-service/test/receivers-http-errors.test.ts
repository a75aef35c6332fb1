import { Agent, request as httpRequest } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadOtlpLogsProto } from '../src/bench/otlp-logs-proto-schema.js';
import { sampleLogsBatch } from '../src/bench/otlp-sample-batch.js';
import { encodeExportLogsJson } from '../src/otlp/json-encode-logs.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { ProtoWriter } from '../src/otlp/proto-writer.js';
import { CountingObserver, RecordingConsumer, startReceivers, type RunningReceivers } from './receivers-helpers.js';

const proto = loadOtlpLogsProto();
const MAX_BYTES = 1024 * 1024;
const PROTO = { 'Content-Type': 'application/x-protobuf' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

function validProto(records = 3): Uint8Array {
  return encodeExportLogsRequest(sampleLogsBatch({ records, services: 2, seed: records }));
}

describe('OTLP/HTTP receiver answers', () => {
  const consumer = new RecordingConsumer();
  const observer = new CountingObserver();
  let receivers: RunningReceivers;
  let url: string;

  beforeAll(async () => {
    receivers = await startReceivers(consumer, { maxRequestBytes: MAX_BYTES }, observer);
    url = `http://127.0.0.1:${receivers.httpPort}/v1/logs`;
  });
  afterAll(async () => {
    await receivers.stop();
  });
  beforeEach(() => {
    consumer.next = { kind: 'accepted', rejectedRecords: 0, message: '' };
  });

  /** After every refusal the receiver must still take the next good request. */
  async function expectStillServing(): Promise<void> {
    const before = consumer.requests.length;
    const res = await fetch(url, { method: 'POST', headers: PROTO, body: validProto() });
    expect(res.status).toBe(200);
    expect(consumer.requests.length).toBe(before + 1);
  }

  it('200 with an empty protobuf response on full success', async () => {
    const res = await fetch(url, { method: 'POST', headers: PROTO, body: validProto(5) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('keeps connections alive across requests, including after a 400', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: Uint8Array): Promise<{ status: number; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST', agent, headers: PROTO }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await post(validProto())).toEqual({ status: 200, reused: false });
      expect(await post(new Uint8Array([0x0a, 0x09]))).toEqual({ status: 400, reused: true });
      expect(await post(validProto())).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('200 for an empty request, without troubling the pipeline', async () => {
    const before = consumer.requests.length;
    const pb = await fetch(url, { method: 'POST', headers: PROTO, body: new Uint8Array(0) });
    expect(pb.status).toBe(200);
    const js = await fetch(url, { method: 'POST', headers: JSON_TYPE, body: '{}' });
    expect(js.status).toBe(200);
    expect(await js.json()).toEqual({});
    expect(consumer.requests.length).toBe(before);
  });

  it('200 with a JSON response for a gzip JSON request', async () => {
    const body = gzipSync(encodeExportLogsJson(sampleLogsBatch({ records: 4, services: 1, seed: 1 })));
    const res = await fetch(url, { method: 'POST', headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({});
    expect(consumer.requests.at(-1)?.data.resourceLogs[0].scopeLogs[0].logRecords).toHaveLength(4);
  });

  it('takes media-type parameters, the application/protobuf alias and deflate', async () => {
    const json = encodeExportLogsJson(sampleLogsBatch({ records: 2, services: 1, seed: 21 }));
    const withCharset = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: json });
    expect(withCharset.status).toBe(200);
    expect(withCharset.headers.get('content-type')).toBe('application/json');
    const alias = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/protobuf' }, body: validProto(2) });
    expect(alias.status).toBe(200);
    expect(alias.headers.get('content-type')).toBe('application/x-protobuf');
    const before = consumer.requests.length;
    const deflated = await fetch(url, { method: 'POST', headers: { ...PROTO, 'Content-Encoding': 'deflate' }, body: deflateSync(validProto(6)) });
    expect(deflated.status).toBe(200);
    expect(consumer.requests[before].data.resourceLogs.flatMap((rl) => rl.scopeLogs[0].logRecords)).toHaveLength(6);
  });

  it('partial_success with the rejected count and message, in both formats', async () => {
    consumer.next = { kind: 'accepted', rejectedRecords: 2, message: '2 records had no body' };
    const pb = await fetch(url, { method: 'POST', headers: PROTO, body: validProto(5) });
    expect(pb.status).toBe(200);
    const decoded = proto.response.toObject(proto.response.decode(new Uint8Array(await pb.arrayBuffer())), { longs: Number });
    expect(decoded).toEqual({ partialSuccess: { rejectedLogRecords: 2, errorMessage: '2 records had no body' } });
    const js = await fetch(url, { method: 'POST', headers: JSON_TYPE, body: encodeExportLogsJson(sampleLogsBatch({ records: 5, services: 1, seed: 2 })) });
    expect(await js.json()).toEqual({ partialSuccess: { rejectedLogRecords: '2', errorMessage: '2 records had no body' } });
  });

  it('400 with a google.rpc.Status body for malformed protobuf', async () => {
    const res = await fetch(url, { method: 'POST', headers: PROTO, body: new Uint8Array([0x0a, 0xff, 0xff, 0x03, 0x01]) });
    expect(res.status).toBe(400);
    const status = proto.status.decode(new Uint8Array(await res.arrayBuffer())) as unknown as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/resourceLogs/);
    await expectStillServing();
  });

  it('400 with a JSON Status for malformed JSON', async () => {
    const res = await fetch(url, { method: 'POST', headers: JSON_TYPE, body: '{"resourceLogs": [ {' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 3, message: expect.stringMatching(/malformed JSON/) });
    await expectStillServing();
  });

  it('400 naming the field for invalid UTF-8', async () => {
    const w = new ProtoWriter();
    w.beginMessage(1);
    w.beginMessage(2);
    w.beginMessage(2);
    w.beginMessage(5);
    w.tag(1, 2);
    w.bytes(new Uint8Array([0x68, 0x69, 0xed, 0xa0, 0x80])); // an encoded surrogate is not UTF-8
    w.endMessage();
    w.endMessage();
    w.endMessage();
    w.endMessage();
    const res = await fetch(url, { method: 'POST', headers: PROTO, body: w.finish() });
    expect(res.status).toBe(400);
    const status = proto.status.decode(new Uint8Array(await res.arrayBuffer())) as unknown as { message: string };
    expect(status.message).toMatch(/resourceLogs\.scopeLogs\.logRecords\.body: string is not valid UTF-8/);
    await expectStillServing();
  });

  it('200 for a resource_logs without a resource: the records arrive with no resource', async () => {
    const batch = sampleLogsBatch({ records: 2, services: 1, seed: 9 });
    batch.resourceLogs[0].resource = undefined;
    const res = await fetch(url, { method: 'POST', headers: PROTO, body: encodeExportLogsRequest(batch) });
    expect(res.status).toBe(200);
    const got = consumer.requests.at(-1)!.data.resourceLogs[0];
    expect(got.resource).toBeUndefined();
    expect(got.scopeLogs[0].logRecords).toHaveLength(2);
  });

  it('413 for a declared Content-Length over the limit', async () => {
    const res = await fetch(url, { method: 'POST', headers: PROTO, body: new Uint8Array(MAX_BYTES + 1) });
    expect(res.status).toBe(413);
    await expectStillServing();
  });

  it('413 while streaming a chunked body over the limit, before it ends', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { ...PROTO, 'Transfer-Encoding': 'chunked' } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', (err) => (String(err).includes('ECONNRESET') ? undefined : reject(err)));
      // Keep sending 64 KiB chunks, far past the limit; the answer must come before we stop.
      const chunk = Buffer.alloc(64 * 1024, 1);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 * MAX_BYTES && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    expect(status).toBe(413);
    await expectStillServing();
  });

  it('413 for a gzip bomb, without inflating it past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(256 * MAX_BYTES)); // 256 MiB of zeros in ~256 KiB
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const rssBefore = process.memoryUsage().rss;
    const res = await fetch(url, { method: 'POST', headers: { ...PROTO, 'Content-Encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(413);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * MAX_BYTES);
    await expectStillServing();
  });

  it('400 for a body that is not valid gzip', async () => {
    const res = await fetch(url, { method: 'POST', headers: { ...PROTO, 'Content-Encoding': 'gzip' }, body: validProto() });
    expect(res.status).toBe(400);
    await expectStillServing();
  });

  it('415 for another content type or encoding, 405 for another method, 404 for another path', async () => {
    const text = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    const br = await fetch(url, { method: 'POST', headers: { ...PROTO, 'Content-Encoding': 'br' }, body: validProto() });
    expect(br.status).toBe(415);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const other = await fetch(`http://127.0.0.1:${receivers.httpPort}/v1/traces`, { method: 'POST', headers: PROTO, body: validProto() });
    expect(other.status).toBe(404);
    await expectStillServing();
  });

  it('503 with Retry-After and a RetryInfo Status on backpressure', async () => {
    consumer.next = { kind: 'backpressure', retryAfterSeconds: 3 };
    const res = await fetch(url, { method: 'POST', headers: JSON_TYPE, body: encodeExportLogsJson(sampleLogsBatch({ records: 2, services: 1, seed: 3 })) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      code: 14,
      message: 'pipeline is full, retry later',
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }],
    });
    expect(observer.get('http.refused.backpressure')).toBe(2);
  });

  it('counts refusals by reason', () => {
    expect(observer.get('http.refusedRequests.too_large')).toBe(3);
    expect(observer.get('http.refusedRequests.invalid')).toBeGreaterThanOrEqual(6);
    expect(observer.get('http.refused.invalid')).toBe(4); // 2 rejected one by one, in each of the two partial-success requests
  });
});
