import { context, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingObserver, RecordingConsumer, startReceivers, type RunningReceivers } from './receivers-helpers.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const EMIT_TIME_MS = Date.UTC(2026, 10, 24, 9, 30, 15, 250);

/** Emits the same two records through an SDK exporter and waits until they are exported. */
async function sendThrough(exporter: LogRecordExporter, service: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'shop', 'host.cores': 8 }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('checkout.logger', '3.1.4');
  const spanContext = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED };
  logger.emit({
    timestamp: new Date(EMIT_TIME_MS),
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment declined for order 8812 — ünïcode ✓',
    attributes: { 'http.response.status_code': 402, 'duration.ms': 12.5, retried: true, 'user.roles': ['admin', 'ops'] },
    context: trace.setSpanContext(context.active(), spanContext),
  });
  logger.emit({ body: { reason: 'card_expired', attempts: 3 }, severityNumber: SeverityNumber.INFO, eventName: 'payment.result' });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('receivers with the official OpenTelemetry JS SDK exporters as clients', () => {
  const consumer = new RecordingConsumer();
  const observer = new CountingObserver();
  let receivers: RunningReceivers;

  beforeAll(async () => {
    receivers = await startReceivers(consumer, {}, observer);
  });
  afterAll(async () => {
    await receivers.stop();
  });

  const cases: [string, 'grpc' | 'http', () => LogRecordExporter][] = [
    ['gRPC', 'grpc', () => new GrpcLogExporter({ url: `http://127.0.0.1:${receivers.grpcPort}` })],
    ['gRPC gzip', 'grpc', () => new GrpcLogExporter({ url: `http://127.0.0.1:${receivers.grpcPort}`, compression: 'gzip' as never })],
    ['HTTP JSON', 'http', () => new JsonLogExporter({ url: `http://127.0.0.1:${receivers.httpPort}/v1/logs` })],
    ['HTTP protobuf', 'http', () => new ProtoLogExporter({ url: `http://127.0.0.1:${receivers.httpPort}/v1/logs` })],
    ['HTTP protobuf gzip', 'http', () => new ProtoLogExporter({ url: `http://127.0.0.1:${receivers.httpPort}/v1/logs`, compression: 'gzip' as never })],
  ];

  for (const [name, transport, makeExporter] of cases) {
    it(`${name}: every field arrives exactly`, async () => {
      const service = `svc-${name.replace(/\W+/g, '-').toLowerCase()}`;
      const before = consumer.requests.length;
      await sendThrough(makeExporter(), service);
      const got = consumer.requests.slice(before);
      expect(got.length).toBeGreaterThan(0);
      expect(got.every((r) => r.meta.transport === transport)).toBe(true);
      const records = got.flatMap((r) => r.data.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((record) => ({ rl, sl, record })))));
      expect(records).toHaveLength(2);

      // SimpleLogRecordProcessor sends each record in its own request; the two requests race, so
      // the records are told apart by content, not by arrival order.
      const firstEntry = records.find((entry) => entry.record.eventName !== 'payment.result');
      const secondEntry = records.find((entry) => entry.record.eventName === 'payment.result');
      if (!firstEntry || !secondEntry) throw new Error('one of the two emitted records did not arrive');
      const { rl, sl, record: first } = firstEntry;
      const { record: second } = secondEntry;
      expect(rl.resource?.attributes).toEqual(
        expect.arrayContaining([
          { key: 'service.name', value: service },
          { key: 'service.namespace', value: 'shop' },
          { key: 'host.cores', value: 8n },
        ]),
      );
      expect(sl.scope).toMatchObject({ name: 'checkout.logger', version: '3.1.4' });
      expect(first.timeUnixNano).toBe(BigInt(EMIT_TIME_MS) * 1_000_000n);
      expect(first.observedTimeUnixNano).toBeGreaterThanOrEqual(first.timeUnixNano);
      expect(first.severityNumber).toBe(SeverityNumber.ERROR);
      expect(first.severityText).toBe('ERROR');
      expect(first.body).toBe('payment declined for order 8812 — ünïcode ✓');
      expect(first.attributes).toEqual([
        { key: 'http.response.status_code', value: 402n },
        { key: 'duration.ms', value: 12.5 },
        { key: 'retried', value: true },
        { key: 'user.roles', value: ['admin', 'ops'] },
      ]);
      expect(Buffer.from(first.traceId).toString('hex')).toBe(TRACE_ID);
      expect(Buffer.from(first.spanId).toString('hex')).toBe(SPAN_ID);
      expect(first.flags & 0xff).toBe(TraceFlags.SAMPLED);
      expect(second.eventName).toBe('payment.result');
      expect(second.body).toEqual({ kvlist: [{ key: 'reason', value: 'card_expired' }, { key: 'attempts', value: 3n }] });
      expect(second.traceId.length).toBe(0);
    });
  }

  it('reports what arrived to the observer per transport', () => {
    expect(observer.get('grpc.received')).toBe(4);
    expect(observer.get('grpc.accepted')).toBe(4);
    expect(observer.get('http.received')).toBe(6);
    expect(observer.get('http.accepted')).toBe(6);
  });
});
