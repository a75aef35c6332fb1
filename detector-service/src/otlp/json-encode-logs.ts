import type { AnyValue, KeyValue, LogRecord, LogsData } from '@anomalog/collector-processor';

/*
 * The shared model to OTLP/JSON, as the spec asks of senders: lowerCamelCase keys, int64 as
 * decimal strings, hex trace/span ids, base64 bytes, enums as integers, default values left out.
 */

export function encodeExportLogsJson(data: LogsData): string {
  return JSON.stringify({
    resourceLogs: data.resourceLogs.map((rl) => {
      const out: Record<string, unknown> = {};
      if (rl.resource !== undefined) {
        out.resource = withDropped({ attributes: attributesJson(rl.resource.attributes) }, rl.resource.droppedAttributesCount);
      }
      out.scopeLogs = rl.scopeLogs.map((sl) => {
        const scopeOut: Record<string, unknown> = {};
        if (sl.scope !== undefined) {
          const scope: Record<string, unknown> = { name: sl.scope.name };
          if (sl.scope.version !== '') scope.version = sl.scope.version;
          if (sl.scope.attributes.length > 0) scope.attributes = attributesJson(sl.scope.attributes);
          scopeOut.scope = withDropped(scope, sl.scope.droppedAttributesCount);
        }
        scopeOut.logRecords = sl.logRecords.map(recordJson);
        if (sl.schemaUrl !== '') scopeOut.schemaUrl = sl.schemaUrl;
        return scopeOut;
      });
      if (rl.schemaUrl !== '') out.schemaUrl = rl.schemaUrl;
      return out;
    }),
  });
}

function withDropped(obj: Record<string, unknown>, dropped: number): Record<string, unknown> {
  if (dropped !== 0) obj.droppedAttributesCount = dropped;
  return obj;
}

function recordJson(record: LogRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (record.timeUnixNano !== 0n) out.timeUnixNano = record.timeUnixNano.toString();
  if (record.observedTimeUnixNano !== 0n) out.observedTimeUnixNano = record.observedTimeUnixNano.toString();
  if (record.severityNumber !== 0) out.severityNumber = record.severityNumber;
  if (record.severityText !== '') out.severityText = record.severityText;
  if (record.body !== null) out.body = anyValueJson(record.body);
  if (record.attributes.length > 0) out.attributes = attributesJson(record.attributes);
  if (record.droppedAttributesCount !== 0) out.droppedAttributesCount = record.droppedAttributesCount;
  if (record.flags !== 0) out.flags = record.flags;
  if (record.traceId.length > 0) out.traceId = Buffer.from(record.traceId).toString('hex');
  if (record.spanId.length > 0) out.spanId = Buffer.from(record.spanId).toString('hex');
  if (record.eventName !== '') out.eventName = record.eventName;
  return out;
}

function attributesJson(attributes: KeyValue[]): unknown[] {
  return attributes.map((kv) => (kv.value === null ? { key: kv.key } : { key: kv.key, value: anyValueJson(kv.value) }));
}

function anyValueJson(value: AnyValue): Record<string, unknown> {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'bigint':
      return { intValue: value.toString() };
    case 'number':
      return { doubleValue: Number.isFinite(value) ? value : String(value) };
    default:
  }
  if (value === null) return {};
  if (value instanceof Uint8Array) return { bytesValue: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValueJson) } };
  return { kvlistValue: { values: attributesJson(value.kvlist) } };
}
