import * as grpc from '@grpc/grpc-js';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../src/bench/otlp-sample-batch.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { ServiceMetrics } from '../src/metrics/service-metrics.js';
import { LOGS_EXPORT_PATH } from '../src/receivers/grpc-receiver.js';
import { CountingObserver, RecordingConsumer, startReceivers, type RunningReceivers } from './receivers-helpers.js';

const TOKEN = 's3cret-token-value';

function grpcExport(
  port: number,
  authorization?: string,
  body: Uint8Array = encodeExportLogsRequest(sampleLogsBatch({ records: 2, services: 1, seed: 1 })),
): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  return new Promise((resolve) => {
    client.makeUnaryRequest(LOGS_EXPORT_PATH, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, metadata, (error) => {
      client.close();
      resolve(error);
    });
  });
}

async function emitOne(exporter: LogRecordExporter): Promise<void> {
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  provider.getLogger('auth-test').emit({ body: 'hello with a token' });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('bearer-token auth on both listeners', () => {
  const consumer = new RecordingConsumer();
  const observer = new CountingObserver();
  let receivers: RunningReceivers;
  let url: string;

  beforeAll(async () => {
    receivers = await startReceivers(consumer, { bearerToken: TOKEN }, observer);
    url = `http://127.0.0.1:${receivers.httpPort}/v1/logs`;
  });
  afterAll(async () => {
    await receivers.stop();
  });

  const body = encodeExportLogsRequest(sampleLogsBatch({ records: 2, services: 1, seed: 2 }));

  it('HTTP: 401 without the token or with a wrong one, 200 with it', async () => {
    const headers = { 'Content-Type': 'application/x-protobuf' };
    const none = await fetch(url, { method: 'POST', headers, body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(url, { method: 'POST', headers: { ...headers, Authorization: 'Bearer nope' }, body });
    expect(wrong.status).toBe(401);
    const basic = await fetch(url, { method: 'POST', headers: { ...headers, Authorization: `Basic ${TOKEN}` }, body });
    expect(basic.status).toBe(401);
    const right = await fetch(url, { method: 'POST', headers: { ...headers, Authorization: `Bearer ${TOKEN}` }, body });
    expect(right.status).toBe(200);
  });

  it('gRPC: UNAUTHENTICATED without the token or with a wrong one, OK with it', async () => {
    expect((await grpcExport(receivers.grpcPort))?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await grpcExport(receivers.grpcPort, 'Bearer wrong'))?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(await grpcExport(receivers.grpcPort, `Bearer ${TOKEN}`)).toBeNull();
  });

  it('SDK exporters configured with the token get through; nothing unauthenticated reached the pipeline', async () => {
    const before = consumer.requests.length;
    await emitOne(new ProtoLogExporter({ url, headers: { Authorization: `Bearer ${TOKEN}` } }));
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${TOKEN}`);
    await emitOne(new GrpcLogExporter({ url: `http://127.0.0.1:${receivers.grpcPort}`, metadata }));
    expect(consumer.requests.length).toBe(before + 2);
    expect(consumer.requests.length).toBe(4); // two raw requests with the token + the two SDK ones
    expect(observer.get('http.refusedRequests.unauthenticated')).toBe(3);
    expect(observer.get('grpc.refusedRequests.unauthenticated')).toBe(2);
  });
});

describe('anomalog_requests_refused_total counts refusals whose records are unknown', () => {
  const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
  let receivers: RunningReceivers;
  let url: string;

  beforeAll(async () => {
    receivers = await startReceivers(new RecordingConsumer(), { bearerToken: TOKEN }, metrics.receiverObserver());
    url = `http://127.0.0.1:${receivers.httpPort}/v1/logs`;
  });
  afterAll(async () => {
    await receivers.stop();
  });

  /** The value of one series in the exposition, 0 when absent. */
  async function sample(metric: string, transport: string, reason: string): Promise<number> {
    const text = await metrics.registry.metrics();
    const line = new RegExp(`^${metric}\\{transport="${transport}",reason="${reason}"\\} (\\S+)$`, 'm').exec(text);
    return line === null ? 0 : Number(line[1]);
  }

  const body = encodeExportLogsRequest(sampleLogsBatch({ records: 3, services: 1, seed: 3 }));
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a, 0x7f, 0x01]);

  it('HTTP: one per request without the token and one per undecodable body; records refused stay 0', async () => {
    const headers = { 'Content-Type': 'application/x-protobuf' };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
    expect(await sample('anomalog_requests_refused_total', 'http', 'unauthenticated')).toBe(1);
    expect((await fetch(url, { method: 'POST', headers: { ...headers, Authorization: 'Bearer nope' }, body })).status).toBe(401);
    expect(await sample('anomalog_requests_refused_total', 'http', 'unauthenticated')).toBe(2);

    const authorized = { ...headers, Authorization: `Bearer ${TOKEN}` };
    expect((await fetch(url, { method: 'POST', headers: authorized, body: garbage })).status).toBe(400);
    expect(await sample('anomalog_requests_refused_total', 'http', 'invalid')).toBe(1);
    expect((await fetch(url, { method: 'POST', headers: authorized, body })).status).toBe(200);
    expect(await sample('anomalog_requests_refused_total', 'http', 'invalid')).toBe(1);
    expect(await sample('anomalog_records_refused_total', 'http', 'unauthenticated')).toBe(0);
    expect(await sample('anomalog_records_refused_total', 'http', 'invalid')).toBe(0);
  });

  it('gRPC: one per request without the token and one per undecodable message', async () => {
    expect((await grpcExport(receivers.grpcPort))?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(await sample('anomalog_requests_refused_total', 'grpc', 'unauthenticated')).toBe(1);
    expect((await grpcExport(receivers.grpcPort, 'Bearer wrong'))?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(await sample('anomalog_requests_refused_total', 'grpc', 'unauthenticated')).toBe(2);

    expect((await grpcExport(receivers.grpcPort, `Bearer ${TOKEN}`, garbage))?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await sample('anomalog_requests_refused_total', 'grpc', 'invalid')).toBe(1);
    expect(await grpcExport(receivers.grpcPort, `Bearer ${TOKEN}`, body)).toBeNull();
    expect(await sample('anomalog_requests_refused_total', 'grpc', 'invalid')).toBe(1);
    expect(await sample('anomalog_requests_refused_total', 'http', 'unauthenticated')).toBe(2);
  });
});
