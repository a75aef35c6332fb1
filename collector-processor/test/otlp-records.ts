import { newLogRecord, type AnyValue, type KeyValue, type LogRecord, type LogsData } from '../src/otlp-model.js';

/** An INFO record with every other field at its default but those given. */
export function logRecord(body: AnyValue, over: Partial<LogRecord> = {}): LogRecord {
  return newLogRecord(body, { severityNumber: 9, severityText: 'INFO', ...over });
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
