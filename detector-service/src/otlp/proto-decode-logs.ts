import type {
  AnyValue,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  LogsData,
  Resource,
  ResourceLogs,
  ScopeLogs,
} from '@anomalog/collector-processor';
import { DEFAULT_MAX_NESTING_DEPTH, MAX_NESTING_DEPTH_LIMIT, OtlpDecodeError, type DecodeOptions } from './decode-error.js';
import {
  ProtoReader,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_VARINT,
  wrongWireType,
} from './proto-reader.js';

/*
 * A hand-written decoder for opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest,
 * straight from bytes into the shared model: no intermediate objects, no reflection. Field
 * numbers follow opentelemetry-proto (logs/v1/logs.proto, common/v1/common.proto,
 * resource/v1/resource.proto). Unknown fields are skipped per the wire format; a known field
 * with the wrong wire type is an error.
 */

const F_RESOURCE_LOGS = 'resourceLogs';
const F_RESOURCE = 'resourceLogs.resource';
const F_SCOPE_LOGS = 'resourceLogs.scopeLogs';
const F_SCOPE = 'resourceLogs.scopeLogs.scope';
const F_RECORD = 'resourceLogs.scopeLogs.logRecords';

export function decodeExportLogsRequest(bytes: Uint8Array, options: DecodeOptions = {}): LogsData {
  const reader = new ProtoReader(bytes);
  const maxDepth = Math.min(options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH, MAX_NESTING_DEPTH_LIMIT);
  const limit = reader.buf.length;
  const resourceLogs: ResourceLogs[] = [];
  while (reader.pos < limit) {
    const tag = reader.uint32(limit, F_RESOURCE_LOGS);
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      if (wire !== WIRE_LEN) throw wrongWireType(F_RESOURCE_LOGS, wire);
      const end = reader.lengthDelimitedEnd(limit, F_RESOURCE_LOGS);
      resourceLogs.push(decodeResourceLogs(reader, end, maxDepth));
    } else skipField(reader, tag, limit, F_RESOURCE_LOGS);
  }
  return { resourceLogs };
}

function skipField(reader: ProtoReader, tag: number, limit: number, field: string): void {
  if (tag >>> 3 === 0) throw new OtlpDecodeError(field, 'field number 0 is invalid');
  reader.skip(tag & 7, limit, field);
}

function decodeResourceLogs(reader: ProtoReader, end: number, maxDepth: number): ResourceLogs {
  const out: ResourceLogs = { resource: undefined, scopeLogs: [], schemaUrl: '' };
  while (reader.pos < end) {
    const tag = reader.uint32(end, F_RESOURCE_LOGS);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        if (wire !== WIRE_LEN) throw wrongWireType(F_RESOURCE, wire);
        const sub = reader.lengthDelimitedEnd(end, F_RESOURCE);
        out.resource = decodeResource(reader, sub, maxDepth);
        break;
      }
      case 2: {
        if (wire !== WIRE_LEN) throw wrongWireType(F_SCOPE_LOGS, wire);
        const sub = reader.lengthDelimitedEnd(end, F_SCOPE_LOGS);
        out.scopeLogs.push(decodeScopeLogs(reader, sub, maxDepth));
        break;
      }
      case 3:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.schemaUrl', wire);
        out.schemaUrl = reader.string(end, 'resourceLogs.schemaUrl');
        break;
      default:
        skipField(reader, tag, end, F_RESOURCE_LOGS);
    }
  }
  return out;
}

function decodeResource(reader: ProtoReader, end: number, maxDepth: number): Resource {
  const out: Resource = { attributes: [], droppedAttributesCount: 0 };
  while (reader.pos < end) {
    const tag = reader.uint32(end, F_RESOURCE);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.resource.attributes', wire);
        const sub = reader.lengthDelimitedEnd(end, 'resourceLogs.resource.attributes');
        out.attributes.push(decodeKeyValue(reader, sub, 'resourceLogs.resource.attributes', 1, maxDepth));
        break;
      }
      case 2:
        if (wire !== WIRE_VARINT) throw wrongWireType('resourceLogs.resource.droppedAttributesCount', wire);
        out.droppedAttributesCount = reader.uint32(end, 'resourceLogs.resource.droppedAttributesCount');
        break;
      default:
        skipField(reader, tag, end, F_RESOURCE);
    }
  }
  return out;
}

function decodeScopeLogs(reader: ProtoReader, end: number, maxDepth: number): ScopeLogs {
  const out: ScopeLogs = { scope: undefined, logRecords: [], schemaUrl: '' };
  while (reader.pos < end) {
    const tag = reader.uint32(end, F_SCOPE_LOGS);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        if (wire !== WIRE_LEN) throw wrongWireType(F_SCOPE, wire);
        const sub = reader.lengthDelimitedEnd(end, F_SCOPE);
        out.scope = decodeScope(reader, sub, maxDepth);
        break;
      }
      case 2: {
        if (wire !== WIRE_LEN) throw wrongWireType(F_RECORD, wire);
        const sub = reader.lengthDelimitedEnd(end, F_RECORD);
        out.logRecords.push(decodeLogRecord(reader, sub, maxDepth));
        break;
      }
      case 3:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.schemaUrl', wire);
        out.schemaUrl = reader.string(end, 'resourceLogs.scopeLogs.schemaUrl');
        break;
      default:
        skipField(reader, tag, end, F_SCOPE_LOGS);
    }
  }
  return out;
}

function decodeScope(reader: ProtoReader, end: number, maxDepth: number): InstrumentationScope {
  const out: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  while (reader.pos < end) {
    const tag = reader.uint32(end, F_SCOPE);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.scope.name', wire);
        out.name = reader.string(end, 'resourceLogs.scopeLogs.scope.name');
        break;
      case 2:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.scope.version', wire);
        out.version = reader.string(end, 'resourceLogs.scopeLogs.scope.version');
        break;
      case 3: {
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.scope.attributes', wire);
        const sub = reader.lengthDelimitedEnd(end, 'resourceLogs.scopeLogs.scope.attributes');
        out.attributes.push(decodeKeyValue(reader, sub, 'resourceLogs.scopeLogs.scope.attributes', 1, maxDepth));
        break;
      }
      case 4:
        if (wire !== WIRE_VARINT) throw wrongWireType('resourceLogs.scopeLogs.scope.droppedAttributesCount', wire);
        out.droppedAttributesCount = reader.uint32(end, 'resourceLogs.scopeLogs.scope.droppedAttributesCount');
        break;
      default:
        skipField(reader, tag, end, F_SCOPE);
    }
  }
  return out;
}

function decodeLogRecord(reader: ProtoReader, end: number, maxDepth: number): LogRecord {
  const out: LogRecord = {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: EMPTY_BYTES,
    spanId: EMPTY_BYTES,
    eventName: '',
  };
  while (reader.pos < end) {
    const tag = reader.uint32(end, F_RECORD);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wire !== WIRE_FIXED64) throw wrongWireType('resourceLogs.scopeLogs.logRecords.timeUnixNano', wire);
        out.timeUnixNano = reader.fixed64(end, 'resourceLogs.scopeLogs.logRecords.timeUnixNano');
        break;
      case 11:
        if (wire !== WIRE_FIXED64) throw wrongWireType('resourceLogs.scopeLogs.logRecords.observedTimeUnixNano', wire);
        out.observedTimeUnixNano = reader.fixed64(end, 'resourceLogs.scopeLogs.logRecords.observedTimeUnixNano');
        break;
      case 2:
        if (wire !== WIRE_VARINT) throw wrongWireType('resourceLogs.scopeLogs.logRecords.severityNumber', wire);
        out.severityNumber = reader.int32(end, 'resourceLogs.scopeLogs.logRecords.severityNumber');
        break;
      case 3:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.logRecords.severityText', wire);
        out.severityText = reader.string(end, 'resourceLogs.scopeLogs.logRecords.severityText');
        break;
      case 5: {
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.logRecords.body', wire);
        const sub = reader.lengthDelimitedEnd(end, 'resourceLogs.scopeLogs.logRecords.body');
        out.body = decodeAnyValue(reader, sub, 'resourceLogs.scopeLogs.logRecords.body', 1, maxDepth);
        break;
      }
      case 6: {
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.logRecords.attributes', wire);
        const sub = reader.lengthDelimitedEnd(end, 'resourceLogs.scopeLogs.logRecords.attributes');
        out.attributes.push(decodeKeyValue(reader, sub, 'resourceLogs.scopeLogs.logRecords.attributes', 1, maxDepth));
        break;
      }
      case 7:
        if (wire !== WIRE_VARINT) throw wrongWireType('resourceLogs.scopeLogs.logRecords.droppedAttributesCount', wire);
        out.droppedAttributesCount = reader.uint32(end, 'resourceLogs.scopeLogs.logRecords.droppedAttributesCount');
        break;
      case 8:
        if (wire !== WIRE_FIXED32) throw wrongWireType('resourceLogs.scopeLogs.logRecords.flags', wire);
        out.flags = reader.fixed32(end, 'resourceLogs.scopeLogs.logRecords.flags');
        break;
      case 9:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.logRecords.traceId', wire);
        out.traceId = readId(reader, end, 16, 'resourceLogs.scopeLogs.logRecords.traceId');
        break;
      case 10:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.logRecords.spanId', wire);
        out.spanId = readId(reader, end, 8, 'resourceLogs.scopeLogs.logRecords.spanId');
        break;
      case 12:
        if (wire !== WIRE_LEN) throw wrongWireType('resourceLogs.scopeLogs.logRecords.eventName', wire);
        out.eventName = reader.string(end, 'resourceLogs.scopeLogs.logRecords.eventName');
        break;
      default:
        skipField(reader, tag, end, F_RECORD);
    }
  }
  return out;
}

const EMPTY_BYTES = new Uint8Array(0);

/** Trace and span ids are exactly 16 / 8 bytes or absent, as the OTel Collector enforces. */
function readId(reader: ProtoReader, limit: number, size: number, field: string): Uint8Array {
  const bytes = reader.smallBytes(limit, field);
  if (bytes.length === 0) return EMPTY_BYTES;
  if (bytes.length !== size) throw new OtlpDecodeError(field, `must be ${size} bytes, got ${bytes.length}`);
  return bytes;
}

function decodeKeyValue(reader: ProtoReader, end: number, field: string, depth: number, maxDepth: number): KeyValue {
  let key = '';
  let value: AnyValue = null;
  while (reader.pos < end) {
    const tag = reader.uint32(end, field);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
        key = reader.string(end, `${field}.key`);
        break;
      case 2: {
        if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
        const sub = reader.lengthDelimitedEnd(end, field);
        value = decodeAnyValue(reader, sub, field, depth, maxDepth);
        break;
      }
      default:
        skipField(reader, tag, end, field);
    }
  }
  return { key, value };
}

/** AnyValue is a oneof: the last member present wins, none present is null (an empty value). */
function decodeAnyValue(reader: ProtoReader, end: number, field: string, depth: number, maxDepth: number): AnyValue {
  let value: AnyValue = null;
  while (reader.pos < end) {
    const tag = reader.uint32(end, field);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
        value = reader.string(end, field);
        break;
      case 2:
        if (wire !== WIRE_VARINT) throw wrongWireType(field, wire);
        value = reader.bool(end, field);
        break;
      case 3:
        if (wire !== WIRE_VARINT) throw wrongWireType(field, wire);
        value = reader.int64(end, field);
        break;
      case 4:
        if (wire !== WIRE_FIXED64) throw wrongWireType(field, wire);
        value = reader.double(end, field);
        break;
      case 5: {
        if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
        if (depth >= maxDepth) throw new OtlpDecodeError(field, `values nested deeper than ${maxDepth}`);
        const sub = reader.lengthDelimitedEnd(end, field);
        value = decodeArrayValue(reader, sub, field, depth + 1, maxDepth);
        break;
      }
      case 6: {
        if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
        if (depth >= maxDepth) throw new OtlpDecodeError(field, `values nested deeper than ${maxDepth}`);
        const sub = reader.lengthDelimitedEnd(end, field);
        value = { kvlist: decodeKeyValueList(reader, sub, field, depth + 1, maxDepth) };
        break;
      }
      case 7:
        if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
        value = reader.bytes(end, field);
        break;
      default:
        skipField(reader, tag, end, field);
    }
  }
  return value;
}

function decodeArrayValue(reader: ProtoReader, end: number, field: string, depth: number, maxDepth: number): AnyValue[] {
  const values: AnyValue[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32(end, field);
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
      const sub = reader.lengthDelimitedEnd(end, field);
      values.push(decodeAnyValue(reader, sub, field, depth, maxDepth));
    } else skipField(reader, tag, end, field);
  }
  return values;
}

function decodeKeyValueList(reader: ProtoReader, end: number, field: string, depth: number, maxDepth: number): KeyValue[] {
  const values: KeyValue[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32(end, field);
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      if (wire !== WIRE_LEN) throw wrongWireType(field, wire);
      const sub = reader.lengthDelimitedEnd(end, field);
      values.push(decodeKeyValue(reader, sub, field, depth, maxDepth));
    } else skipField(reader, tag, end, field);
  }
  return values;
}
