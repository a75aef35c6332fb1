import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { decodeExportLogsJson } from './json-decode-logs.js';
import { decodeExportLogsRequest } from './proto-decode-logs.js';

/** Log records made by the official OTel JS SDK, serialised by its own OTLP serialisers. */
function sdkRecords() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'cart', 'service.version': '2.0.1', 'k8s.pod.uid': 'p-1' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('cart.logger', '0.9.0');
  logger.emit({
    timestamp: new Date(Date.UTC(2026, 10, 24, 12, 0, 0, 123)),
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'disk 91% full on /var/lib ✓',
    attributes: { 'http.response.status_code': 507, ratio: 0.91, ok: false, tags: ['a', 'b'], blob: new Uint8Array([1, 2, 3]) },
    context: undefined,
  });
  logger.emit({ body: { structured: { depth: 2 }, list: [1, 'two'] }, severityNumber: SeverityNumber.ERROR, eventName: 'cart.error' });
  return exporter.getFinishedLogRecords();
}

describe('bytes from the official OTel JS SDK serialisers', () => {
  const records = sdkRecords();
  const fromProto = decodeExportLogsRequest(ProtobufLogsSerializer.serializeRequest(records)!);
  const fromJson = decodeExportLogsJson(JsonLogsSerializer.serializeRequest(records)!);

  it('decode to the same model from protobuf and from JSON', () => {
    expect(fromJson).toEqual(fromProto);
  });

  it('carry every field the SDK set', () => {
    const rl = fromProto.resourceLogs[0];
    expect(rl.resource?.attributes).toEqual(
      expect.arrayContaining([
        { key: 'service.name', value: 'cart' },
        { key: 'service.version', value: '2.0.1' },
        { key: 'k8s.pod.uid', value: 'p-1' },
      ]),
    );
    expect(rl.scopeLogs[0].scope).toMatchObject({ name: 'cart.logger', version: '0.9.0' });
    const [first, second] = rl.scopeLogs[0].logRecords;
    expect(first.timeUnixNano).toBe(BigInt(Date.UTC(2026, 10, 24, 12, 0, 0, 123)) * 1_000_000n);
    expect(first.observedTimeUnixNano).toBeGreaterThan(0n);
    expect(first.severityNumber).toBe(SeverityNumber.WARN);
    expect(first.severityText).toBe('WARN');
    expect(first.body).toBe('disk 91% full on /var/lib ✓');
    expect(first.attributes).toEqual([
      { key: 'http.response.status_code', value: 507n },
      { key: 'ratio', value: 0.91 },
      { key: 'ok', value: false },
      { key: 'tags', value: ['a', 'b'] },
      { key: 'blob', value: new Uint8Array([1, 2, 3]) },
    ]);
    expect(second.eventName).toBe('cart.error');
    expect(second.body).toEqual({
      kvlist: [
        { key: 'structured', value: { kvlist: [{ key: 'depth', value: 2n }] } },
        { key: 'list', value: [1n, 'two'] },
      ],
    });
  });
});
