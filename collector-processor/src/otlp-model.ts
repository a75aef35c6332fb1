/**
 * The OTLP logs data model as the engine sees it (opentelemetry/proto/logs/v1).
 *
 * Values keep their OTLP types so that re-export changes nothing but the attributes Anomalog adds:
 * int64 values are `bigint` (never confused with doubles, which are `number`), bytes are
 * `Uint8Array`, key-value lists are wrapped in `{ kvlist }` to tell them apart from arrays.
 * Times are nanoseconds since the Unix epoch as `bigint` (0n when unset), as in the protocol.
 */
export type AnyValue =
  | string
  | boolean
  | number
  | bigint
  | Uint8Array
  | AnyValue[]
  | KeyValueList
  | null;

export interface KeyValueList {
  kvlist: KeyValue[];
}

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface LogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  /** 0 = unspecified, 1..24 as in the OTLP SeverityNumber enum. */
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
  /** 16 bytes, or empty when absent. */
  traceId: Uint8Array;
  /** 8 bytes, or empty when absent. */
  spanId: Uint8Array;
  eventName: string;
}

/** A log record with every field at its OTLP default (no time, no severity, no ids) but those given. */
export function newLogRecord(body: AnyValue, over: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
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

export interface ScopeLogs {
  scope: InstrumentationScope | undefined;
  logRecords: LogRecord[];
  schemaUrl: string;
}

export interface ResourceLogs {
  resource: Resource | undefined;
  scopeLogs: ScopeLogs[];
  schemaUrl: string;
}

export interface LogsData {
  resourceLogs: ResourceLogs[];
}

/** Attribute names Anomalog adds to each record (DESIGN.md contract). */
export const ATTR = {
  score: 'anomalog.score',
  isAnomaly: 'anomalog.is_anomaly',
  class: 'anomalog.class',
  classConfidence: 'anomalog.class_confidence',
  template: 'anomalog.template',
  templateId: 'anomalog.template_id',
  reasons: 'anomalog.reasons',
} as const;

export const LOG_CLASSES = [
  'normal',
  'security',
  'system_failure',
  'performance',
  'network',
  'config',
  'hardware',
] as const;
export type LogClass = (typeof LOG_CLASSES)[number];
