import { isUtf8 } from 'node:buffer';
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
import { severityNumberFromName } from './severity-names.js';

/*
 * OTLP/JSON (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding) into the shared
 * model. Keys are lowerCamelCase as the spec requires of senders; like the OTel Collector we
 * also take the proto field names (snake_case), so older senders are not silently dropped.
 * Trace and span ids are hex, int64 comes as a string or a number, enums as integers (names
 * are accepted too), bytesValue is base64. Unknown keys are ignored, as the spec requires.
 */

type Json = Record<string, unknown>;

export function decodeExportLogsJson(bytes: Uint8Array, options: DecodeOptions = {}): LogsData {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buf)) throw new OtlpDecodeError('(request)', 'body is not valid UTF-8');
  let root: unknown;
  try {
    root = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError('(request)', `malformed JSON: ${(err as Error).message}`);
  }
  const maxDepth = Math.min(options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH, MAX_NESTING_DEPTH_LIMIT);
  const request = asObject(root, '(request)');
  const resourceLogs: ResourceLogs[] = [];
  for (const key in request) {
    if (key === 'resourceLogs' || key === 'resource_logs') {
      for (const item of asArray(request[key], 'resourceLogs')) {
        resourceLogs.push(decodeResourceLogs(asObject(item, 'resourceLogs'), maxDepth));
      }
    }
  }
  return { resourceLogs };
}

function decodeResourceLogs(json: Json, maxDepth: number): ResourceLogs {
  const out: ResourceLogs = { resource: undefined, scopeLogs: [], schemaUrl: '' };
  for (const key in json) {
    const value = json[key];
    if (value === null) continue;
    switch (key) {
      case 'resource':
        out.resource = decodeResource(asObject(value, 'resourceLogs.resource'), maxDepth);
        break;
      case 'scopeLogs':
      case 'scope_logs':
        for (const item of asArray(value, 'resourceLogs.scopeLogs')) {
          out.scopeLogs.push(decodeScopeLogs(asObject(item, 'resourceLogs.scopeLogs'), maxDepth));
        }
        break;
      case 'schemaUrl':
      case 'schema_url':
        out.schemaUrl = asString(value, 'resourceLogs.schemaUrl');
        break;
      default:
    }
  }
  return out;
}

function decodeResource(json: Json, maxDepth: number): Resource {
  const out: Resource = { attributes: [], droppedAttributesCount: 0 };
  for (const key in json) {
    const value = json[key];
    if (value === null) continue;
    switch (key) {
      case 'attributes':
        out.attributes = decodeAttributes(value, 'resourceLogs.resource.attributes', 1, maxDepth);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        out.droppedAttributesCount = asUint32(value, 'resourceLogs.resource.droppedAttributesCount');
        break;
      default:
    }
  }
  return out;
}

function decodeScopeLogs(json: Json, maxDepth: number): ScopeLogs {
  const out: ScopeLogs = { scope: undefined, logRecords: [], schemaUrl: '' };
  for (const key in json) {
    const value = json[key];
    if (value === null) continue;
    switch (key) {
      case 'scope':
        out.scope = decodeScope(asObject(value, 'resourceLogs.scopeLogs.scope'), maxDepth);
        break;
      case 'logRecords':
      case 'log_records':
        for (const item of asArray(value, 'resourceLogs.scopeLogs.logRecords')) {
          out.logRecords.push(decodeLogRecord(asObject(item, 'resourceLogs.scopeLogs.logRecords'), maxDepth));
        }
        break;
      case 'schemaUrl':
      case 'schema_url':
        out.schemaUrl = asString(value, 'resourceLogs.scopeLogs.schemaUrl');
        break;
      default:
    }
  }
  return out;
}

function decodeScope(json: Json, maxDepth: number): InstrumentationScope {
  const out: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  for (const key in json) {
    const value = json[key];
    if (value === null) continue;
    switch (key) {
      case 'name':
        out.name = asString(value, 'resourceLogs.scopeLogs.scope.name');
        break;
      case 'version':
        out.version = asString(value, 'resourceLogs.scopeLogs.scope.version');
        break;
      case 'attributes':
        out.attributes = decodeAttributes(value, 'resourceLogs.scopeLogs.scope.attributes', 1, maxDepth);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        out.droppedAttributesCount = asUint32(value, 'resourceLogs.scopeLogs.scope.droppedAttributesCount');
        break;
      default:
    }
  }
  return out;
}

const R = 'resourceLogs.scopeLogs.logRecords';

function decodeLogRecord(json: Json, maxDepth: number): LogRecord {
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
  for (const key in json) {
    const value = json[key];
    if (value === null) continue;
    switch (key) {
      case 'timeUnixNano':
      case 'time_unix_nano':
        out.timeUnixNano = asUint64(value, `${R}.timeUnixNano`);
        break;
      case 'observedTimeUnixNano':
      case 'observed_time_unix_nano':
        out.observedTimeUnixNano = asUint64(value, `${R}.observedTimeUnixNano`);
        break;
      case 'severityNumber':
      case 'severity_number':
        out.severityNumber = asSeverity(value, `${R}.severityNumber`);
        break;
      case 'severityText':
      case 'severity_text':
        out.severityText = asString(value, `${R}.severityText`);
        break;
      case 'body':
        out.body = decodeAnyValue(value, `${R}.body`, 1, maxDepth);
        break;
      case 'attributes':
        out.attributes = decodeAttributes(value, `${R}.attributes`, 1, maxDepth);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        out.droppedAttributesCount = asUint32(value, `${R}.droppedAttributesCount`);
        break;
      case 'flags':
        out.flags = asUint32(value, `${R}.flags`);
        break;
      case 'traceId':
      case 'trace_id':
        out.traceId = hexId(value, 16, `${R}.traceId`);
        break;
      case 'spanId':
      case 'span_id':
        out.spanId = hexId(value, 8, `${R}.spanId`);
        break;
      case 'eventName':
      case 'event_name':
        out.eventName = asString(value, `${R}.eventName`);
        break;
      default:
    }
  }
  return out;
}

function decodeAttributes(value: unknown, field: string, depth: number, maxDepth: number): KeyValue[] {
  const items = asArray(value, field);
  const out: KeyValue[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const kv = asObject(items[i], field);
    const key = kv.key;
    out[i] = {
      key: key === undefined || key === null ? '' : asString(key, `${field}.key`),
      value: kv.value === undefined ? null : decodeAnyValue(kv.value, field, depth, maxDepth),
    };
  }
  return out;
}

function decodeAnyValue(raw: unknown, field: string, depth: number, maxDepth: number): AnyValue {
  if (raw === null) return null;
  const json = asObject(raw, field);
  let value: AnyValue = null;
  for (const key in json) {
    const member = json[key];
    if (member === null) continue;
    switch (key) {
      case 'stringValue':
      case 'string_value':
        value = asString(member, field);
        break;
      case 'boolValue':
      case 'bool_value':
        if (typeof member !== 'boolean') throw new OtlpDecodeError(field, 'boolValue must be a boolean');
        value = member;
        break;
      case 'intValue':
      case 'int_value':
        value = asInt64(member, field);
        break;
      case 'doubleValue':
      case 'double_value':
        value = asDouble(member, field);
        break;
      case 'bytesValue':
      case 'bytes_value':
        value = base64Bytes(member, field);
        break;
      case 'arrayValue':
      case 'array_value': {
        if (depth >= maxDepth) throw new OtlpDecodeError(field, `values nested deeper than ${maxDepth}`);
        const values = asObject(member, field).values;
        const items = values === undefined || values === null ? [] : asArray(values, field);
        const array: AnyValue[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) array[i] = decodeAnyValue(items[i], field, depth + 1, maxDepth);
        value = array;
        break;
      }
      case 'kvlistValue':
      case 'kvlist_value': {
        if (depth >= maxDepth) throw new OtlpDecodeError(field, `values nested deeper than ${maxDepth}`);
        const values = asObject(member, field).values;
        value = {
          kvlist: values === undefined || values === null ? [] : decodeAttributes(values, field, depth + 1, maxDepth),
        };
        break;
      }
      default:
    }
  }
  return value;
}

const EMPTY_BYTES = new Uint8Array(0);

function asObject(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OtlpDecodeError(field, 'expected a JSON object');
  }
  return value as Json;
}

function asArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new OtlpDecodeError(field, 'expected a JSON array');
  return value;
}

function asString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new OtlpDecodeError(field, 'expected a string');
  return value;
}

function asUint32(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new OtlpDecodeError(field, 'expected an unsigned 32-bit integer');
  }
  return n;
}

const INT_TEXT = /^-?\d{1,20}$/;

function asInt64(value: unknown, field: string): bigint {
  let n: bigint;
  if (typeof value === 'string' && INT_TEXT.test(value)) n = BigInt(value);
  else if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else throw new OtlpDecodeError(field, 'expected a 64-bit integer as a string or number');
  if (n !== BigInt.asIntN(64, n)) throw new OtlpDecodeError(field, 'integer out of the int64 range');
  return n;
}

function asUint64(value: unknown, field: string): bigint {
  let n: bigint;
  if (typeof value === 'string' && INT_TEXT.test(value)) n = BigInt(value);
  else if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else throw new OtlpDecodeError(field, 'expected an unsigned 64-bit integer as a string or number');
  if (n !== BigInt.asUintN(64, n)) throw new OtlpDecodeError(field, 'integer out of the uint64 range');
  return n;
}

function asDouble(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    const n = Number(value);
    if (value.trim() !== '' && !Number.isNaN(n)) return n;
  }
  throw new OtlpDecodeError(field, 'expected a number');
}

function asSeverity(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value | 0;
  if (typeof value === 'string') {
    const named = severityNumberFromName(value);
    if (named !== undefined) return named;
    if (/^-?\d+$/.test(value)) return Number(value) | 0;
  }
  throw new OtlpDecodeError(field, 'expected a SeverityNumber (integer)');
}

/** Nibble value of an ASCII hex digit, -1 for anything else. */
const HEX_NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_NIBBLE[65 + i] = HEX_NIBBLE[97 + i] = 10 + i;

/** Ids are copied into a shared slab (one allocation per ~170 records, not one per id). */
const ID_SLAB_SIZE = 4096;
let idSlab = new Uint8Array(0);
let idSlabUsed = 0;

/** Trace/span ids are hex in OTLP/JSON (not base64 as plain protobuf JSON would have it). */
function hexId(value: unknown, size: number, field: string): Uint8Array {
  const text = asString(value, field);
  if (text.length === 0) return EMPTY_BYTES;
  if (text.length !== size * 2) throw new OtlpDecodeError(field, `expected ${size * 2} hex characters`);
  if (idSlabUsed + size > idSlab.length) {
    idSlab = new Uint8Array(ID_SLAB_SIZE);
    idSlabUsed = 0;
  }
  const out = idSlab.subarray(idSlabUsed, idSlabUsed + size);
  for (let i = 0; i < size; i++) {
    const hi = text.charCodeAt(2 * i);
    const lo = text.charCodeAt(2 * i + 1);
    const h = hi < 128 ? HEX_NIBBLE[hi] : -1;
    const l = lo < 128 ? HEX_NIBBLE[lo] : -1;
    if (h < 0 || l < 0) throw new OtlpDecodeError(field, `expected ${size * 2} hex characters`);
    out[i] = (h << 4) | l;
  }
  idSlabUsed += size;
  return out;
}

const BASE64_TEXT = /^[A-Za-z0-9+/_-]*={0,2}$/;

function base64Bytes(value: unknown, field: string): Uint8Array {
  const text = asString(value, field);
  if (!BASE64_TEXT.test(text)) throw new OtlpDecodeError(field, 'bytesValue must be base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}
