import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogsData } from '@anomalog/collector-processor';
import { otlpGrpcExporterSchema, otlpHttpExporterSchema } from '../src/config/schema.js';
import { createExporter } from '../src/exporters/create-exporter.js';
import { ServiceMetrics } from '../src/metrics/service-metrics.js';
import { silentLogger } from '../src/logger.js';
import { decodeExportLogsRequest } from '../src/otlp/proto-decode-logs.js';
import { encodeExportLogsResponse } from '../src/otlp/proto-status.js';
import { createGrpcReceiver, type Receiver } from '../src/receivers/index.js';
import type { ConsumeOutcome, LogsConsumer } from '../src/pipeline/consumer.js';
import { CaptureServer } from './helpers/capture-server.js';
import { exportRecord, resourceFor, scopeFor } from './helpers/records.js';
import { counterValue } from './helpers/metric-values.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

function batch() {
  const api = resourceFor('api');
  const scope = scopeFor(api);
  return [
    exportRecord({ service: 'api', body: 'GET /users 200', timeMs: 1_700_000_000_000 }, api, scope),
    exportRecord({ service: 'api', body: 'GET /users 500', timeMs: 1_700_000_000_100, isAnomaly: true, cls: 'system_failure' }, api, scope),
    exportRecord({ service: 'db', body: 'slow query 900 ms', timeMs: 1_700_000_000_200 }),
  ];
}

function attributesOf(data: LogsData): Record<string, unknown>[] {
  return data.resourceLogs.flatMap((rl) =>
    rl.scopeLogs.flatMap((sl) => sl.logRecords.map((r) => Object.fromEntries(r.attributes.map((kv) => [kv.key, kv.value])))),
  );
}

const retry = { initialIntervalMs: 20, maxIntervalMs: 100 };
const queue = { capacity: 100, batchSize: 100, flushIntervalMs: 10 };

describe('OTLP HTTP forward exporter', () => {
  it('sends gzip protobuf that decodes to the same resources, scopes and enriched records', async () => {
    const server = new CaptureServer();
    const url = await server.start();
    cleanups.push(() => server.close());
    server.respond = () => ({ status: 200, headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(encodeExportLogsResponse(undefined)) });
    const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
    const config = otlpHttpExporterSchema.parse({ endpoint: `${url}/otlp/v1/logs`, headers: { 'x-tenant': 't1' }, queue, retry });
    const exporter = createExporter({ type: 'otlphttp', name: 'otlphttp', config }, metrics, silentLogger());
    exporter.offer(batch());
    await exporter.whenIdle();

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.url).toBe('/otlp/v1/logs');
    expect(req.headers['content-type']).toBe('application/x-protobuf');
    expect(req.headers['content-encoding']).toBe('gzip');
    expect(req.headers['x-tenant']).toBe('t1');
    const data = decodeExportLogsRequest(gunzipSync(req.body));
    expect(data.resourceLogs.map((rl) => rl.resource?.attributes[0].value)).toEqual(['api', 'db']);
    expect(data.resourceLogs[0].scopeLogs).toHaveLength(1);
    expect(data.resourceLogs[0].scopeLogs[0].logRecords.map((r) => r.body)).toEqual(['GET /users 200', 'GET /users 500']);
    expect(attributesOf(data)[1]).toMatchObject({ 'anomalog.is_anomaly': true, 'anomalog.class': 'system_failure', 'anomalog.score': 0.97 });
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'otlphttp' })).toBe(3);
  });

  it('retries 503 with Retry-After, does not retry 400, and counts partial success rejections', async () => {
    const server = new CaptureServer();
    const url = await server.start();
    cleanups.push(() => server.close());
    const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
    const config = otlpHttpExporterSchema.parse({ endpoint: `${url}/v1/logs`, compression: 'none', queue, retry });
    const exporter = createExporter({ type: 'otlphttp', name: 'fwd', config }, metrics, silentLogger());

    server.respond = (_r, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 400, body: 'bad' });
    exporter.offer(batch());
    await exporter.whenIdle();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].body.equals(server.requests[1].body)).toBe(true);
    expect(await counterValue(metrics, 'anomalog_exporter_failed_total', { exporter: 'fwd', reason: 'http_503' })).toBe(3);
    expect(await counterValue(metrics, 'anomalog_exporter_dropped_total', { exporter: 'fwd', reason: 'http_400' })).toBe(3);

    server.respond = () => ({
      status: 200,
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from(encodeExportLogsResponse({ rejectedLogRecords: 1, errorMessage: 'one too old' })),
    });
    exporter.offer(batch());
    await exporter.whenIdle();
    expect(await counterValue(metrics, 'anomalog_exporter_dropped_total', { exporter: 'fwd', reason: 'rejected_by_target' })).toBe(1);
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'fwd' })).toBe(2);
  });
});

describe('OTLP gRPC forward exporter', () => {
  it('delivers to an OTLP gRPC server, retrying UNAVAILABLE with RetryInfo until it takes the records', async () => {
    const received: LogsData[] = [];
    let calls = 0;
    const consumer: LogsConsumer = {
      async consume(data): Promise<ConsumeOutcome> {
        calls++;
        if (calls === 1) return { kind: 'backpressure', retryAfterSeconds: 1 };
        received.push(data);
        return { kind: 'accepted', rejectedRecords: 0, message: '' };
      },
    };
    const receiver: Receiver = createGrpcReceiver({ host: '127.0.0.1', port: 0 }, consumer);
    const address = await receiver.start();
    cleanups.push(() => receiver.shutdown(100));

    const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
    const config = otlpGrpcExporterSchema.parse({ endpoint: `127.0.0.1:${address.port}`, queue, retry });
    const exporter = createExporter({ type: 'otlpgrpc', name: 'otlp', config }, metrics, silentLogger());
    cleanups.push(async () => void (await exporter.shutdown(100)));
    const started = Date.now();
    exporter.offer(batch());
    await exporter.whenIdle();

    expect(calls).toBe(2);
    // The server's RetryInfo (1 s) was honoured rather than the 20 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(received).toHaveLength(1);
    expect(attributesOf(received[0]).map((a) => a['anomalog.template'])).toEqual(['GET /users <*>', 'GET /users <*>', 'slow query <*> ms']);
    expect(await counterValue(metrics, 'anomalog_exporter_failed_total', { exporter: 'otlp', reason: 'grpc_unavailable' })).toBe(3);
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'otlp' })).toBe(3);
  });
});
