import type { LogRecord, LogsData } from '@anomalog/collector-processor';

/** A record that uses every field and every AnyValue kind, for codec round trips in tests. */
export function everyFieldRecord(longStringLength = 70_000): LogRecord {
  return {
    timeUnixNano: 1_732_456_789_123_456_789n,
    observedTimeUnixNano: 18_446_744_073_709_551_615n, // uint64 max
    severityNumber: 17,
    severityText: 'ERROR',
    body: {
      kvlist: [
        { key: 'message', value: 'payment failed: ünïcödé ✓ 支付 🚀' },
        { key: 'nested', value: [1n, -1n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n, [true, false, null]] },
        { key: 'ratio', value: 0.125 },
        { key: 'neg', value: -3.5e-300 },
        { key: 'raw', value: new Uint8Array([0, 1, 254, 255]) },
        { key: 'empty', value: null },
        { key: 'emptyString', value: '' },
        { key: 'long', value: 'x'.repeat(longStringLength) },
      ],
    },
    attributes: [
      { key: 'http.response.status_code', value: 503n },
      { key: 'exception.type', value: 'TimeoutError' },
      { key: 'zero', value: 0n },
      { key: 'f', value: false },
      { key: 'emptyList', value: [] },
      { key: 'emptyMap', value: { kvlist: [] } },
      // Under 128 UTF-16 units but over 128 UTF-8 bytes: the encoder's short path must fall back.
      { key: 'cjk', value: '日本語'.repeat(20) },
    ],
    droppedAttributesCount: 3,
    flags: 0x01ff,
    traceId: Uint8Array.from({ length: 16 }, (_, i) => i * 16 + 1),
    spanId: Uint8Array.from({ length: 8 }, (_, i) => 255 - i),
    eventName: 'payment.failed',
  };
}

export function everyFieldRequest(longStringLength = 70_000): LogsData {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: 'checkout' },
            { key: 'service.instance.id', value: 'checkout-7d9f' },
          ],
          droppedAttributesCount: 1,
        },
        scopeLogs: [
          {
            scope: {
              name: 'checkout.logger',
              version: '1.2.3',
              attributes: [{ key: 'scope.attr', value: 'yes' }],
              droppedAttributesCount: 2,
            },
            logRecords: [everyFieldRecord(longStringLength)],
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          },
          { scope: undefined, logRecords: [], schemaUrl: '' },
        ],
        schemaUrl: 'https://example.test/resource-schema',
      },
      { resource: undefined, scopeLogs: [], schemaUrl: '' },
    ],
  };
}
