import type { NormalizedRecord } from '../engine-api.js';
import type { AnyValue, InstrumentationScope, LogRecord, Resource } from '../otlp-model.js';
import { bytesToHex, isKeyValueList, toFlatValue, toText, type FlatValue } from './any-value.js';
import { flattenInto } from './flatten.js';
import { RecordAttributes } from './record-attributes.js';
import { severityNumberFromText } from './severity.js';

export const UNKNOWN_SERVICE = 'unknown_service';

/** Keys of a structured body that hold the message text, in order of preference. */
const MESSAGE_KEYS = ['message', 'msg', 'log', 'body', 'text', 'event', 'Message', 'MESSAGE'];
/** Keys of a structured body that hold a level word when the record has no severity. */
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'levelname', 'Level', 'Severity'];

/** Resource `service.name`, else `unknown_service`. */
export function serviceName(resource: Resource | undefined): string {
  if (resource === undefined) return UNKNOWN_SERVICE;
  for (const kv of resource.attributes) {
    if (kv.key === 'service.name') {
      const name = toText(kv.value);
      return name === '' ? UNKNOWN_SERVICE : name;
    }
  }
  return UNKNOWN_SERVICE;
}

/** Milliseconds from OTLP nanoseconds (0n stays 0). */
export function nanosToMs(nanos: bigint): number {
  return nanos === 0n ? 0 : Number(nanos / 1_000_000n);
}

/**
 * Reduces one OTLP log record to what the engine scores. The scope is accepted for symmetry with
 * the OTLP hierarchy; its name becomes the `otel.scope.name` attribute when set.
 *
 * Time: record time, else observed time, else 0 (the engine then uses its clock).
 * A string body is the message. A structured body (key-value list) is flattened into attributes
 * and its message field (`message`, `msg`, `log`...) is the message; a level field fills in a
 * missing severity. Any other body (number, bytes, array) is rendered as text.
 */
export function normalizeRecord(
  resource: Resource | undefined,
  scope: InstrumentationScope | undefined,
  record: LogRecord,
): NormalizedRecord {
  return normalizeServiceRecord(serviceName(resource), scope, record);
}

/** normalizeRecord for a service already named (once per resource, not once per record). */
export function normalizeServiceRecord(service: string, scope: InstrumentationScope | undefined, record: LogRecord): NormalizedRecord {
  const view = normalizeInto(newRecordView(), service, scope, record);
  return { ...view, attributes: new Map(view.attributes) };
}

/** A NormalizedRecord whose attributes are a RecordAttributes: the engine fills one per record. */
export interface RecordView extends Omit<NormalizedRecord, 'attributes'> {
  attributes: RecordAttributes;
}

export function newRecordView(): RecordView {
  return { service: '', timeMs: 0, severityNumber: 0, severityText: '', message: '', attributes: new RecordAttributes(), traceId: '', spanId: '' };
}

/** normalizeRecord into `out` (its attributes cleared first), so a record allocates no map. */
export function normalizeInto(out: RecordView, service: string, scope: InstrumentationScope | undefined, record: LogRecord): RecordView {
  const attributes = out.attributes;
  attributes.clear();
  flattenInto(attributes, record.attributes);
  if (scope !== undefined && scope.name !== '' && !attributes.has('otel.scope.name')) {
    attributes.append('otel.scope.name', scope.name);
  }

  let severityNumber = record.severityNumber;
  let severityText = record.severityText;
  let message: string;
  const body: AnyValue = record.body;
  if (typeof body === 'string') {
    message = body;
  } else if (isKeyValueList(body)) {
    message = '';
    const bodyFields = new Map<string, FlatValue>();
    flattenInto(bodyFields, body.kvlist);
    const messageKey = firstPresent(bodyFields, MESSAGE_KEYS);
    if (messageKey !== undefined) {
      message = String(bodyFields.get(messageKey));
      bodyFields.delete(messageKey);
    }
    if (severityNumber === 0 && severityText === '') {
      const levelKey = firstPresent(bodyFields, LEVEL_KEYS);
      if (levelKey !== undefined) severityText = String(bodyFields.get(levelKey));
    }
    // Record attributes win over body fields of the same name.
    for (const [key, value] of bodyFields) if (!attributes.has(key)) attributes.append(key, value);
    if (messageKey === undefined && bodyFields.size > 0 && message === '') message = toText(body);
  } else {
    message = body === null ? '' : String(toFlatValue(body));
  }
  if (severityNumber === 0 && severityText !== '') severityNumber = severityNumberFromText(severityText);

  const timeNanos = record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano;
  out.service = service;
  out.timeMs = nanosToMs(timeNanos);
  out.severityNumber = severityNumber;
  out.severityText = severityText;
  out.message = message;
  out.traceId = bytesToHex(record.traceId);
  out.spanId = bytesToHex(record.spanId);
  return out;
}

function firstPresent(fields: Map<string, FlatValue>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (fields.has(key)) return key;
  return undefined;
}

