import type { AnyValue, KeyValue } from '@anomalog/collector-processor';
import type { ExportRecord } from '../export-record.js';
import { anyValueToJson, bytesToHex, recordTimeNanos } from '../any-value.js';
import { IsoClock } from './iso-clock.js';

const clock = new IsoClock();
/** A resource is shared by many records: its JSON is written once per request object. */
const resourceJsonCache = new WeakMap<object, string>();
const quote = JSON.stringify;

/** Attribute keys repeat from record to record: their quoted form is kept (bounded). */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;
function quoteKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = quote(key);
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, q);
  }
  return q;
}

/** JSON text of an AnyValue; strings and numbers directly, structures through anyValueToJson. */
function valueJson(value: AnyValue): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quote(String(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(anyValueToJson(value)) ?? 'null';
}

function objectJson(list: readonly KeyValue[]): string {
  if (list.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += ',';
    out += quoteKey(list[i].key) + ':' + valueJson(list[i].value);
  }
  return out + '}';
}

function resourceJson(resourceLogs: ExportRecord['resourceLogs']): string {
  let json = resourceJsonCache.get(resourceLogs);
  if (json === undefined) {
    json = objectJson(resourceLogs.resource?.attributes ?? []);
    resourceJsonCache.set(resourceLogs, json);
  }
  return json;
}

/**
 * One enriched record as a JSON line: the OTLP record with its attributes (the anomalog.* ones
 * included), plus its resource and scope, in the OTLP/JSON spirit with readable times and hex ids.
 * Written as text directly: this runs for every record, and intermediate objects cost more than
 * the string itself.
 */
export function recordToJsonLine(entry: ExportRecord): string {
  const { record, resourceLogs, scopeLogs, verdict } = entry;
  let out =
    '{"time":"' +
    clock.iso(recordTimeNanos(record.timeUnixNano, record.observedTimeUnixNano, verdict.timeMs)) +
    '","service":' +
    quote(verdict.service) +
    ',"severity_number":' +
    record.severityNumber +
    ',"severity_text":' +
    quote(record.severityText) +
    ',"body":' +
    valueJson(record.body) +
    ',"attributes":' +
    objectJson(record.attributes) +
    ',"resource":' +
    resourceJson(resourceLogs);
  const scope = scopeLogs.scope;
  if (scope && (scope.name !== '' || scope.version !== '')) {
    out += ',"scope":{"name":' + quote(scope.name) + ',"version":' + quote(scope.version) + '}';
  }
  if (record.traceId.length > 0) out += ',"trace_id":"' + bytesToHex(record.traceId) + '"';
  if (record.spanId.length > 0) out += ',"span_id":"' + bytesToHex(record.spanId) + '"';
  if (record.flags !== 0) out += ',"flags":' + record.flags;
  if (record.eventName !== '') out += ',"event_name":' + quote(record.eventName);
  return out + '}';
}
