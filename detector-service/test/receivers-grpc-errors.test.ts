import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadOtlpLogsProto } from '../src/bench/otlp-logs-proto-schema.js';
import { sampleLogsBatch } from '../src/bench/otlp-sample-batch.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { RETRY_INFO_TYPE_URL } from '../src/otlp/proto-status.js';
import { LOGS_EXPORT_PATH } from '../src/receivers/grpc-receiver.js';
import { CountingObserver, RecordingConsumer, startReceivers, type RunningReceivers } from './receivers-helpers.js';

const proto = loadOtlpLogsProto();
const MAX_BYTES = 1024 * 1024;

interface CallResult {
  error: grpc.ServiceError | null;
  response: Buffer | undefined;
}

/** A raw unary call with pass-through serializers, as any OTLP/gRPC client makes it. */
function exportCall(client: grpc.Client, body: Uint8Array, metadata = new grpc.Metadata()): Promise<CallResult> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      LOGS_EXPORT_PATH,
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      body,
      metadata,
      (error, response) => resolve({ error, response }),
    );
  });
}

describe('OTLP/gRPC receiver answers', () => {
  const consumer = new RecordingConsumer();
  const observer = new CountingObserver();
  let receivers: RunningReceivers;
  let client: grpc.Client;
  let gzipClient: grpc.Client;

  beforeAll(async () => {
    receivers = await startReceivers(consumer, { maxRequestBytes: MAX_BYTES }, observer);
    const target = `127.0.0.1:${receivers.grpcPort}`;
    client = new grpc.Client(target, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
    gzipClient = new grpc.Client(target, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2, // gzip
      'grpc.max_send_message_length': -1,
    });
  });
  afterAll(async () => {
    client.close();
    gzipClient.close();
    await receivers.stop();
  });
  beforeEach(() => {
    consumer.next = { kind: 'accepted', rejectedRecords: 0, message: '' };
  });

  const valid = (records = 3): Uint8Array => encodeExportLogsRequest(sampleLogsBatch({ records, services: 2, seed: records }));

  async function expectStillServing(): Promise<void> {
    const before = consumer.requests.length;
    const { error } = await exportCall(client, valid());
    expect(error).toBeNull();
    expect(consumer.requests.length).toBe(before + 1);
  }

  it('OK without partial_success on full success', async () => {
    const { error, response } = await exportCall(client, valid(10));
    expect(error).toBeNull();
    expect(response?.length).toBe(0);
    expect(consumer.requests.at(-1)?.meta.transport).toBe('grpc');
  });

  it('partial_success with the rejected count and message', async () => {
    consumer.next = { kind: 'accepted', rejectedRecords: 1, message: 'one record had an empty body' };
    const { error, response } = await exportCall(client, valid(4));
    expect(error).toBeNull();
    expect(proto.response.toObject(proto.response.decode(response!), { longs: Number })).toEqual({
      partialSuccess: { rejectedLogRecords: 1, errorMessage: 'one record had an empty body' },
    });
  });

  it('INVALID_ARGUMENT for undecodable data, then keeps serving', async () => {
    const { error } = await exportCall(client, new Uint8Array([0x0a, 0x05, 0x01]));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/resourceLogs/);
    await expectStillServing();
  });

  it('accepts gzip-compressed messages', async () => {
    const before = consumer.requests.length;
    const { error } = await exportCall(gzipClient, valid(50));
    expect(error).toBeNull();
    expect(consumer.requests[before].data.resourceLogs.flatMap((rl) => rl.scopeLogs[0].logRecords)).toHaveLength(50);
  });

  it('RESOURCE_EXHAUSTED over the size limit, plain or gzip-compressed, then keeps serving', async () => {
    const big = encodeExportLogsRequest(sampleLogsBatch({ records: 6000, services: 4, seed: 5 }));
    expect(big.length).toBeGreaterThan(MAX_BYTES);
    expect((await exportCall(client, big)).error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // A small gzip message that inflates past the limit (a gzip bomb) is refused as well.
    const bomb = encodeExportLogsRequest({
      resourceLogs: [{ resource: undefined, scopeLogs: [], schemaUrl: 'x'.repeat(4 * MAX_BYTES) }],
    });
    expect((await exportCall(gzipClient, bomb)).error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    await expectStillServing();
  });

  it('UNAVAILABLE with RetryInfo in grpc-status-details-bin on backpressure', async () => {
    consumer.next = { kind: 'backpressure', retryAfterSeconds: 1.5 };
    const { error } = await exportCall(client, valid(2));
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
    const details = error?.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const status = proto.status.decode(details) as unknown as { code: number; details: { typeUrl: string; value: Uint8Array }[] };
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
    expect(status.details[0].typeUrl).toBe(RETRY_INFO_TYPE_URL);
    expect(proto.retryInfo.toObject(proto.retryInfo.decode(status.details[0].value), { longs: Number })).toEqual({
      retryDelay: { seconds: 1, nanos: 500_000_000 },
    });
    expect(observer.get('grpc.refused.backpressure')).toBe(2);
  });
});
