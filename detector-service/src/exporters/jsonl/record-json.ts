import { ATTR, type AnyValue, type KeyValue, type LogRecord, type RecordVerdict, type ResourceLogs, type ScopeLogs } from '@anomalog/collector-processor';
import type { ExportRecord } from '../export-record.js';
import { anyValueToJson, recordTimeNanos } from '../any-value.js';
import { IsoClock } from './iso-clock.js';
import { JsonBytes } from './json-bytes.js';
import { registerMemoCache } from '../../metrics/memo-caches.js';

const clock = new IsoClock();
/** A resource is shared by many records: its JSON is encoded once per request object. */
const resourceJsonCache = new WeakMap<object, Buffer>();

/** Attribute keys repeat from record to record: their encoded `"key":` form is kept (bounded). */
const keyBytes = new Map<string, Buffer>();
const MAX_CACHED_KEYS = 10_000;
registerMemoCache({ name: 'jsonl_attribute_keys', capacity: MAX_CACHED_KEYS, size: () => keyBytes.size });
/** Bytes to cache (a fresh writer each time: encoding a resource caches its keys on the way). */
function encodeCached(write: (w: JsonBytes) => void): Buffer {
  const w = new JsonBytes(256);
  write(w);
  return Buffer.from(w.bytes());
}

function writeKey(out: JsonBytes, key: string): void {
  const cached = keyBytes.get(key);
  if (cached !== undefined) return out.raw(cached);
  if (keyBytes.size >= MAX_CACHED_KEYS) {
    out.string(key);
    out.byte(0x3a);
    return;
  }
  const bytes = encodeCached((w) => {
    w.string(key);
    w.byte(0x3a);
  });
  keyBytes.set(key, bytes);
  out.raw(bytes);
}

/** Fixed parts of the line, encoded once. */
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const TIME = ascii('{"time":"');
const SERVICE = ascii('","service":');
const SEVERITY_NUMBER = ascii(',"severity_number":');
const SEVERITY_TEXT = ascii(',"severity_text":');
const BODY = ascii(',"body":');
const ATTRIBUTES = ascii(',"attributes":');
const RESOURCE = ascii(',"resource":');
const SCOPE_NAME = ascii(',"scope":{"name":');
const SCOPE_VERSION = ascii(',"version":');
const TRACE_ID = ascii(',"trace_id":"');
const SPAN_ID = ascii(',"span_id":"');
const FLAGS = ascii(',"flags":');
const EVENT_NAME = ascii(',"event_name":');
const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An AnyValue as JSON; scalars directly, structures through anyValueToJson. */
function writeValue(out: JsonBytes, value: AnyValue): void {
  if (typeof value === 'string') return out.string(value);
  if (typeof value === 'number') return out.number(value);
  if (typeof value === 'boolean') return out.raw(value ? TRUE : FALSE);
  // int64: a number when exact, else its decimal string (as anyValueToJson has it).
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? out.number(Number(value)) : out.string(value.toString());
  if (value === null) return out.raw(NULL);
  if (value instanceof Uint8Array) {
    out.byte(0x22);
    out.hex(value);
    return out.byte(0x22);
  }
  if (Array.isArray(value)) {
    out.byte(0x5b); // [
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.byte(0x2c);
      writeValue(out, value[i]);
    }
    return out.byte(0x5d); // ]
  }
  // A key-value list goes through a JS object, as it always did (a repeated key keeps the last
  // value, at the first one's place): the output must not change with this fast path.
  out.utf8(JSON.stringify(anyValueToJson(value)));
}

function writeObject(out: JsonBytes, list: readonly KeyValue[]): void {
  out.byte(0x7b); // {
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out.byte(0x2c); // ,
    writeKey(out, list[i].key);
    writeValue(out, list[i].value);
  }
  out.byte(0x7d); // }
}

/** The anomalog.* keys as writeKey writes them, each after the comma that precedes it. */
function verdictKey(key: string, comma: boolean): Buffer {
  return encodeCached((w) => {
    if (comma) w.byte(0x2c);
    w.string(key);
    w.byte(0x3a);
  });
}
const SCORE_KEY = verdictKey(ATTR.score, false);
const IS_ANOMALY_KEY = verdictKey(ATTR.isAnomaly, true);
const CLASS_KEY = verdictKey(ATTR.class, true);
const CLASS_CONFIDENCE_KEY = verdictKey(ATTR.classConfidence, true);
const TEMPLATE_KEY = verdictKey(ATTR.template, true);
const TEMPLATE_ID_KEY = verdictKey(ATTR.templateId, true);
const REASONS_KEY = verdictKey(ATTR.reasons, true);

/**
 * `{` and each attribute followed by a comma: the attributes object left open for a verdict's
 * entries (writeVerdictEntries closes it).
 */
function writeOpenObject(out: JsonBytes, list: readonly KeyValue[]): void {
  out.byte(0x7b); // {
  for (let i = 0; i < list.length; i++) {
    writeKey(out, list[i].key);
    writeValue(out, list[i].value);
    out.byte(0x2c); // ,
  }
}

/**
 * A verdict's anomalog.* attributes, closing the attributes object writeOpenObject left open:
 * the same bytes as writeObject gives once enrichment has appended them (enrich-record.ts
 * appends them in this order with these values).
 */
export function writeVerdictEntries(out: JsonBytes, verdict: RecordVerdict): void {
  out.raw(SCORE_KEY);
  out.number(verdict.score);
  out.raw(IS_ANOMALY_KEY);
  out.raw(verdict.isAnomaly ? TRUE : FALSE);
  out.raw(CLASS_KEY);
  out.string(verdict.class);
  out.raw(CLASS_CONFIDENCE_KEY);
  out.number(verdict.classConfidence);
  out.raw(TEMPLATE_KEY);
  out.string(verdict.template);
  out.raw(TEMPLATE_ID_KEY);
  out.string(verdict.templateId);
  out.raw(REASONS_KEY);
  writeValue(out, verdict.reasons as AnyValue[]);
  out.byte(0x7d); // }
}

function writeResource(out: JsonBytes, resourceLogs: ExportRecord['resourceLogs']): void {
  let bytes = resourceJsonCache.get(resourceLogs);
  if (bytes === undefined) {
    const attributes = resourceLogs.resource?.attributes ?? [];
    bytes = encodeCached((w) => writeObject(w, attributes));
    resourceJsonCache.set(resourceLogs, bytes);
  }
  out.raw(bytes);
}

/** The start of a line: the record's time (nanoseconds) and its service. */
export function writeLineHead(out: JsonBytes, nanos: bigint, service: string): void {
  out.raw(TIME);
  clock.write(out, nanos);
  out.raw(SERVICE);
  out.string(service);
}

/**
 * Severity, body and the record's attributes; with `open`, the attributes object is left open
 * for the verdict's entries (writeVerdictEntries), which the line's own never include then.
 */
export function writeLineMiddle(out: JsonBytes, record: LogRecord, open: boolean): void {
  out.raw(SEVERITY_NUMBER);
  out.number(record.severityNumber);
  out.raw(SEVERITY_TEXT);
  out.string(record.severityText);
  out.raw(BODY);
  writeValue(out, record.body);
  out.raw(ATTRIBUTES);
  if (open) writeOpenObject(out, record.attributes);
  else writeObject(out, record.attributes);
}

/** Where the hex of a record's trace and span ids went in the line (start, end; equal when none). */
export interface IdPositions {
  traceStart: number;
  traceEnd: number;
  spanStart: number;
  spanEnd: number;
}

/** The rest of a line after its attributes: resource, scope, ids, flags, event name, `}`. */
export function writeLineTail(out: JsonBytes, resourceLogs: ResourceLogs, scopeLogs: ScopeLogs, record: LogRecord, ids?: IdPositions): void {
  out.raw(RESOURCE);
  writeResource(out, resourceLogs);
  const scope = scopeLogs.scope;
  if (scope && (scope.name !== '' || scope.version !== '')) {
    out.raw(SCOPE_NAME);
    out.string(scope.name);
    out.raw(SCOPE_VERSION);
    out.string(scope.version);
    out.byte(0x7d);
  }
  if (ids !== undefined) ids.traceStart = ids.traceEnd = ids.spanStart = ids.spanEnd = out.pos;
  if (record.traceId.length > 0) {
    out.raw(TRACE_ID);
    if (ids !== undefined) ids.traceStart = out.pos;
    out.hex(record.traceId);
    if (ids !== undefined) ids.traceEnd = ids.spanStart = ids.spanEnd = out.pos;
    out.byte(0x22);
  }
  if (record.spanId.length > 0) {
    out.raw(SPAN_ID);
    if (ids !== undefined) ids.spanStart = out.pos;
    out.hex(record.spanId);
    if (ids !== undefined) ids.spanEnd = out.pos;
    out.byte(0x22);
  }
  if (record.flags !== 0) {
    out.raw(FLAGS);
    out.number(record.flags);
  }
  if (record.eventName !== '') {
    out.raw(EVENT_NAME);
    out.string(record.eventName);
  }
  out.byte(0x7d);
}

/**
 * One enriched record as a JSON line (without the newline), appended to `out`: the OTLP record
 * with its attributes (the anomalog.* ones included), plus its resource and scope, in the
 * OTLP/JSON spirit with readable times and hex ids. Written as bytes directly: this runs for
 * every record, and intermediate strings and objects cost more than the text itself.
 */
export function writeRecordJson(out: JsonBytes, entry: ExportRecord): void {
  const { record, resourceLogs, scopeLogs, verdict } = entry;
  writeLineHead(out, recordTimeNanos(record.timeUnixNano, record.observedTimeUnixNano, verdict.timeMs), verdict.service);
  const withVerdict = entry.verdictAttributes === true;
  writeLineMiddle(out, record, withVerdict);
  if (withVerdict) writeVerdictEntries(out, verdict);
  writeLineTail(out, resourceLogs, scopeLogs, record);
}

/** One record's JSON line as a string (for callers that want text; the exporter writes bytes). */
export function recordToJsonLine(entry: ExportRecord): string {
  const out = new JsonBytes(1024);
  writeRecordJson(out, entry);
  return out.bytes().toString('utf8');
}
