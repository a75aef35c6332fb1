import type { AnyValue, KeyValue, LogRecord, LogsData, ResourceLogs } from '@anomalog/collector-processor';
import { timeUnixNano, type AttributeValue, type GeneratedRecord } from './record.js';

const EMPTY = new Uint8Array(0);

function hexToBytes(hex: string): Uint8Array {
  if (hex === '') return EMPTY;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** OTLP value types: whole numbers are int64 (bigint in the model), others doubles, as the OTel JS SDK sends them. */
function toAnyValue(v: AttributeValue): AnyValue {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

function toKeyValues(attrs: Record<string, AttributeValue>): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attrs) out.push({ key, value: toAnyValue(attrs[key]) });
  return out;
}

/** One generated record as an OTLP log record (without the ground truth, which the engine must not see). */
export function toLogRecord(r: GeneratedRecord): LogRecord {
  const time = timeUnixNano(r.timeMs);
  return {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: r.body,
    attributes: toKeyValues(r.attributes),
    droppedAttributesCount: 0,
    flags: r.traceId === '' ? 0 : 1,
    traceId: hexToBytes(r.traceId),
    spanId: hexToBytes(r.spanId),
    eventName: '',
  };
}

/**
 * Generated records as the OTLP logs data model, one ResourceLogs per service resource (in order
 * of first appearance), record order kept within each. The records' ground truth is left out.
 */
export function toLogsData(records: Iterable<GeneratedRecord>): LogsData {
  const byResource = new Map<Record<string, string>, ResourceLogs>();
  for (const r of records) {
    let rl = byResource.get(r.resource);
    if (rl === undefined) {
      rl = {
        resource: { attributes: toKeyValues(r.resource), droppedAttributesCount: 0 },
        scopeLogs: [{ scope: { name: `shop.${r.service}`, version: r.resource['service.version'] ?? '', attributes: [], droppedAttributesCount: 0 }, logRecords: [], schemaUrl: '' }],
        schemaUrl: '',
      };
      byResource.set(r.resource, rl);
    }
    rl.scopeLogs[0].logRecords.push(toLogRecord(r));
  }
  return { resourceLogs: [...byResource.values()] };
}

/**
 * Like toLogsData, and also the records in the order the engine will see them (grouped by
 * resource), so its verdicts (in document order) line up with the ground truth.
 */
export function toLogsBatch(records: Iterable<GeneratedRecord>): { data: LogsData; records: GeneratedRecord[] } {
  const groups = new Map<Record<string, string>, GeneratedRecord[]>();
  for (const r of records) {
    const g = groups.get(r.resource);
    if (g === undefined) groups.set(r.resource, [r]);
    else g.push(r);
  }
  const ordered = [...groups.values()].flat();
  return { data: toLogsData(ordered), records: ordered };
}
