import type protobuf from 'protobufjs';
import snappy from 'snappy';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lokiExporterSchema } from '../src/config/schema.js';
import { createExporter } from '../src/exporters/create-exporter.js';
import { ServiceMetrics } from '../src/metrics/service-metrics.js';
import { silentLogger } from '../src/logger.js';
import { CaptureServer, type Captured } from './helpers/capture-server.js';
import { exportRecord, resourceFor, scopeFor } from './helpers/records.js';
import { counterValue } from './helpers/metric-values.js';
import { loadPushType, type DecodedPush } from './helpers/loki-decode.js';

/** Decodes a captured push the way Loki does: snappy block, then logproto.PushRequest. */
function decodePush(req: Captured): DecodedPush {
  const raw = snappy.uncompressSync(req.body) as Buffer;
  return PushRequest.toObject(PushRequest.decode(raw), { longs: Number, defaults: true }) as DecodedPush;
}

let PushRequest: protobuf.Type;
beforeAll(async () => {
  PushRequest = await loadPushType();
});

const servers: CaptureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(extra: Record<string, unknown> = {}) {
  const server = new CaptureServer();
  servers.push(server);
  const url = await server.start();
  const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
  const config = lokiExporterSchema.parse({
    endpoint: `${url}/loki/api/v1/push`,
    tenantId: 'team-a',
    auth: { bearerToken: 's3cret' },
    queue: { capacity: 100, batchSize: 10, flushIntervalMs: 20 },
    retry: { initialIntervalMs: 20, maxIntervalMs: 100 },
    ...extra,
  });
  const exporter = createExporter({ type: 'loki', name: 'loki', config }, metrics, silentLogger());
  return { server, metrics, exporter };
}

function sampleBatch() {
  const checkout = resourceFor('checkout');
  const scope = scopeFor(checkout);
  return [
    exportRecord({ service: 'checkout', body: 'order 17 placed', timeMs: 1_700_000_000_000, attributes: [{ key: 'http.route', value: '/orders' }] }, checkout, scope),
    exportRecord(
      {
        service: 'checkout',
        body: 'disk /dev/sda1 failed',
        timeMs: 1_700_000_000_500,
        severityNumber: 17,
        severityText: 'ERROR',
        isAnomaly: true,
        cls: 'hardware',
        traceId: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
        spanId: Uint8Array.from({ length: 8 }, (_, i) => 0xa0 + i),
      },
      checkout,
      scope,
    ),
    exportRecord({ service: 'auth "edge"', body: 'login ok', timeMs: 1_700_000_001_000 }),
  ];
}

describe('Loki exporter', () => {
  it('pushes protobuf + snappy per Loki schema with bounded labels, structured metadata, tenant and auth', async () => {
    const { server, exporter, metrics } = await setup();
    expect(exporter.offer(sampleBatch())).toBe(true);
    await exporter.whenIdle();

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.url).toBe('/loki/api/v1/push');
    expect(req.headers['content-type']).toBe('application/x-protobuf');
    expect(req.headers['x-scope-orgid']).toBe('team-a');
    expect(req.headers.authorization).toBe('Bearer s3cret');

    const push = decodePush(req);
    const byLabels = new Map(push.streams.map((s) => [s.labels, s.entries]));
    expect([...byLabels.keys()].sort()).toEqual([
      '{anomalog_class="hardware", anomaly="true", level="error", service_name="checkout"}',
      '{anomalog_class="normal", anomaly="false", level="info", service_name="auth \\"edge\\""}',
      '{anomalog_class="normal", anomaly="false", level="info", service_name="checkout"}',
    ]);
    const [failure] = byLabels.get('{anomalog_class="hardware", anomaly="true", level="error", service_name="checkout"}')!;
    expect(failure.line).toBe('disk /dev/sda1 failed');
    expect(failure.timestamp).toEqual({ seconds: 1_700_000_000, nanos: 500_000_123 });
    const meta = Object.fromEntries(failure.structuredMetadata.map((p) => [p.name, p.value]));
    expect(meta).toMatchObject({
      anomalog_score: '0.97',
      anomalog_is_anomaly: 'true',
      anomalog_class: 'hardware',
      anomalog_template: 'disk /dev/sda<*> failed',
      anomalog_reasons: '["new template"]',
      trace_id: '0102030405060708090a0b0c0d0e0f10',
      span_id: 'a0a1a2a3a4a5a6a7',
    });
    const [order] = byLabels.get('{anomalog_class="normal", anomaly="false", level="info", service_name="checkout"}')!;
    expect(Object.fromEntries(order.structuredMetadata.map((p) => [p.name, p.value])).http_route).toBe('/orders');
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'loki' })).toBe(3);
  });

  it('puts the fields into the line as logfmt for Loki before 2.9', async () => {
    const { server, exporter } = await setup({ structuredMetadata: false });
    exporter.offer(sampleBatch().slice(1, 2));
    await exporter.whenIdle();
    const [stream] = decodePush(server.requests[0]).streams;
    expect(stream.entries[0].structuredMetadata).toEqual([]);
    expect(stream.entries[0].line).toBe(
      'disk /dev/sda1 failed anomalog_score=0.97 anomalog_is_anomaly=true anomalog_class=hardware ' +
        'anomalog_template="disk /dev/sda<*> failed" anomalog_template_id=t-23 ' +
        'anomalog_reasons="[\\"new template\\"]" trace_id=0102030405060708090a0b0c0d0e0f10 span_id=a0a1a2a3a4a5a6a7',
    );
  });

  it('retries 429 and 5xx honouring Retry-After, then delivers each record once', async () => {
    const { server, exporter, metrics } = await setup();
    server.respond = (_req, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : i === 1 ? { status: 503 } : { status: 204 };
    const started = Date.now();
    exporter.offer(sampleBatch());
    await exporter.whenIdle();
    expect(server.requests).toHaveLength(3);
    // Retry-After: 1 was honoured (the configured backoff alone is at most 100 ms).
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const bodies = new Set(server.requests.map((r) => r.body.toString('hex')));
    expect(bodies.size).toBe(1);
    expect(await counterValue(metrics, 'anomalog_exporter_failed_total', { exporter: 'loki', reason: 'http_429' })).toBe(3);
    expect(await counterValue(metrics, 'anomalog_exporter_failed_total', { exporter: 'loki', reason: 'http_503' })).toBe(3);
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'loki' })).toBe(3);
  });

  it('drops and counts a batch Loki refuses with 400, without retrying it', async () => {
    const { server, exporter, metrics } = await setup();
    server.respond = (_req, i) => (i === 0 ? { status: 400, body: 'entry too far behind' } : { status: 204 });
    exporter.offer(sampleBatch());
    await exporter.whenIdle();
    exporter.offer(sampleBatch().slice(0, 1));
    await exporter.whenIdle();
    expect(server.requests).toHaveLength(2);
    expect(await counterValue(metrics, 'anomalog_exporter_dropped_total', { exporter: 'loki', reason: 'http_400' })).toBe(3);
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'loki' })).toBe(1);
  });

  it('keeps up to queue.concurrency requests in flight and still delivers every record once', async () => {
    const { server, exporter, metrics } = await setup({ queue: { capacity: 100, batchSize: 1, flushIntervalMs: 10, concurrency: 3 } });
    let inFlight = 0;
    let maxInFlight = 0;
    // The server answers after a delay, so requests overlap when the exporter allows it.
    server.delayMs = 100;
    server.onRequestStart = () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    };
    server.onRequestEnd = () => inFlight--;
    exporter.offer([...sampleBatch(), ...sampleBatch()]);
    await exporter.whenIdle();
    expect(maxInFlight).toBe(3);
    expect(server.requests).toHaveLength(6);
    expect(await counterValue(metrics, 'anomalog_exporter_sent_total', { exporter: 'loki' })).toBe(6);
  });

  it('refuses records when its queue is full, and takes them again once drained', async () => {
    // Records leave on the next timer tick at the earliest, so the queue is still full right after offer().
    const { server, exporter } = await setup({ queue: { capacity: 4, batchSize: 4, flushIntervalMs: 10 } });
    expect(exporter.offer(sampleBatch())).toBe(true);
    expect(exporter.canTake(2)).toBe(false);
    expect(exporter.offer(sampleBatch().slice(0, 2))).toBe(false);
    await exporter.whenIdle();
    expect(exporter.offer(sampleBatch().slice(0, 2))).toBe(true);
    await exporter.whenIdle();
    expect(server.requests).toHaveLength(2);
  });
});
