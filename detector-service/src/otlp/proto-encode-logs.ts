import type {
  AnyValue,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  LogsData,
  Resource,
  ScopeLogs,
} from '@anomalog/collector-processor';
import { ProtoWriter } from './proto-writer.js';

/*
 * Encoder for opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest from the shared
 * model, the inverse of proto-decode-logs.ts. Default (zero) scalar values are omitted, as
 * proto3 does.
 */

export function encodeExportLogsRequest(data: LogsData, writer = new ProtoWriter(64 * 1024)): Uint8Array {
  writer.reset();
  for (const resourceLogs of data.resourceLogs) {
    writer.beginMessage(1);
    if (resourceLogs.resource !== undefined) writeResource(writer, resourceLogs.resource);
    for (const scopeLogs of resourceLogs.scopeLogs) writeScopeLogs(writer, scopeLogs);
    if (resourceLogs.schemaUrl !== '') {
      writer.tag(3, 2);
      writer.string(resourceLogs.schemaUrl);
    }
    writer.endMessage();
  }
  return writer.finish();
}

function writeResource(writer: ProtoWriter, resource: Resource): void {
  writer.beginMessage(1);
  writeAttributes(writer, 1, resource.attributes);
  if (resource.droppedAttributesCount !== 0) {
    writer.tag(2, 0);
    writer.varint32(resource.droppedAttributesCount);
  }
  writer.endMessage();
}

function writeScopeLogs(writer: ProtoWriter, scopeLogs: ScopeLogs): void {
  writer.beginMessage(2);
  if (scopeLogs.scope !== undefined) writeScope(writer, scopeLogs.scope);
  for (const record of scopeLogs.logRecords) writeLogRecord(writer, record);
  if (scopeLogs.schemaUrl !== '') {
    writer.tag(3, 2);
    writer.string(scopeLogs.schemaUrl);
  }
  writer.endMessage();
}

function writeScope(writer: ProtoWriter, scope: InstrumentationScope): void {
  writer.beginMessage(1);
  if (scope.name !== '') {
    writer.tag(1, 2);
    writer.string(scope.name);
  }
  if (scope.version !== '') {
    writer.tag(2, 2);
    writer.string(scope.version);
  }
  writeAttributes(writer, 3, scope.attributes);
  if (scope.droppedAttributesCount !== 0) {
    writer.tag(4, 0);
    writer.varint32(scope.droppedAttributesCount);
  }
  writer.endMessage();
}

function writeLogRecord(writer: ProtoWriter, record: LogRecord): void {
  writer.beginMessage(2);
  if (record.timeUnixNano !== 0n) {
    writer.tag(1, 1);
    writer.fixed64(record.timeUnixNano);
  }
  if (record.severityNumber !== 0) {
    writer.tag(2, 0);
    writer.int32(record.severityNumber);
  }
  if (record.severityText !== '') {
    writer.tag(3, 2);
    writer.string(record.severityText);
  }
  if (record.body !== null) {
    writer.beginMessage(5);
    writeAnyValue(writer, record.body);
    writer.endMessage();
  }
  writeAttributes(writer, 6, record.attributes);
  if (record.droppedAttributesCount !== 0) {
    writer.tag(7, 0);
    writer.varint32(record.droppedAttributesCount);
  }
  if (record.flags !== 0) {
    writer.tag(8, 5);
    writer.fixed32(record.flags);
  }
  if (record.traceId.length !== 0) {
    writer.tag(9, 2);
    writer.bytes(record.traceId);
  }
  if (record.spanId.length !== 0) {
    writer.tag(10, 2);
    writer.bytes(record.spanId);
  }
  if (record.observedTimeUnixNano !== 0n) {
    writer.tag(11, 1);
    writer.fixed64(record.observedTimeUnixNano);
  }
  if (record.eventName !== '') {
    writer.tag(12, 2);
    writer.string(record.eventName);
  }
  writer.endMessage();
}

function writeAttributes(writer: ProtoWriter, fieldNumber: number, attributes: KeyValue[]): void {
  for (let i = 0; i < attributes.length; i++) writeKeyValue(writer, fieldNumber, attributes[i]);
}

function writeKeyValue(writer: ProtoWriter, fieldNumber: number, kv: KeyValue): void {
  writer.beginMessage(fieldNumber);
  writer.tag(1, 2);
  writer.string(kv.key);
  if (kv.value !== null) {
    writer.beginMessage(2);
    writeAnyValue(writer, kv.value);
    writer.endMessage();
  }
  writer.endMessage();
}

/** Writes the oneof member for `value` (the AnyValue message body; null writes nothing). */
function writeAnyValue(writer: ProtoWriter, value: AnyValue): void {
  switch (typeof value) {
    case 'string':
      writer.tag(1, 2);
      writer.string(value);
      return;
    case 'boolean':
      writer.tag(2, 0);
      writer.varint32(value ? 1 : 0);
      return;
    case 'bigint':
      writer.tag(3, 0);
      writer.int64(value);
      return;
    case 'number':
      writer.tag(4, 1);
      writer.double(value);
      return;
    default:
  }
  if (value === null) return;
  if (value instanceof Uint8Array) {
    writer.tag(7, 2);
    writer.bytes(value);
  } else if (Array.isArray(value)) {
    writer.beginMessage(5);
    for (const item of value) {
      writer.beginMessage(1);
      writeAnyValue(writer, item);
      writer.endMessage();
    }
    writer.endMessage();
  } else {
    writer.beginMessage(6);
    writeAttributes(writer, 1, value.kvlist);
    writer.endMessage();
  }
}
