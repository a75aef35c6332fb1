import type { AnyValue, KeyValue, LogRecord, LogsData } from '../src/otlp-model.js';

export function logRecord(body: AnyValue, over: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: new Uint8Array(0),
    spanId: new Uint8Array(0),
    eventName: '',
    ...over,
  };
}

/** One batch: each record under its own service's resource, in order. */
export function batch(records: { service: string; record: LogRecord; resourceAttrs?: KeyValue[] }[]): LogsData {
  return {
    resourceLogs: records.map(({ service, record, resourceAttrs }) => ({
      resource: { attributes: [{ key: 'service.name', value: service }, ...(resourceAttrs ?? [])], droppedAttributesCount: 0 },
      scopeLogs: [{ scope: { name: 'test', version: '1', attributes: [], droppedAttributesCount: 0 }, logRecords: [record], schemaUrl: '' }],
      schemaUrl: '',
    })),
  };
}

export const ms = (t: number): bigint => BigInt(t) * 1_000_000n;
