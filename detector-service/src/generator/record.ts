/** The injected anomaly types, each a realistic incident of a microservice system. */
export const ANOMALY_TYPES = [
  'error_burst',
  'latency_spike',
  'new_error_template',
  'brute_force',
  'crash_loop',
  'config_error',
  'hardware_error',
  'traffic_drop',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export function isAnomalyType(s: string): s is AnomalyType {
  return (ANOMALY_TYPES as readonly string[]).includes(s);
}

export type AttributeValue = string | number | boolean;

/** One generated log record with its ground truth. */
export interface GeneratedRecord {
  /** Milliseconds since the Unix epoch (fractional: microsecond resolution). */
  timeMs: number;
  service: string;
  /** Resource attributes: service.name, service.version, service.namespace, host.name, deployment.environment.name. */
  resource: Record<string, string>;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Record<string, AttributeValue>;
  /** 32 lowercase hex digits, or '' for records outside any request (startup, periodic jobs). */
  traceId: string;
  /** 16 lowercase hex digits, or ''. */
  spanId: string;
  /** Ground truth: 1 when the record was created or altered by an injected incident. */
  label: 0 | 1;
  anomalyType: AnomalyType | null;
  incidentId: string | null;
}

/** An injected incident, as scheduled. */
export interface IncidentInfo {
  id: string;
  type: AnomalyType;
  /** The service the incident is injected into (for traffic_drop: the entry service). */
  service: string;
  startMs: number;
  endMs: number;
}

/** The JSONL line of a record (snake_case keys; the schema is documented in generator/README.md). */
export function toJsonLine(r: GeneratedRecord): string {
  return JSON.stringify({
    time: new Date(Math.floor(r.timeMs)).toISOString(),
    time_unix_nano: timeUnixNano(r.timeMs).toString(),
    service: r.service,
    resource: r.resource,
    severity: r.severityText,
    severity_number: r.severityNumber,
    body: r.body,
    attributes: r.attributes,
    trace_id: r.traceId,
    span_id: r.spanId,
    label: r.label,
    anomaly_type: r.anomalyType,
    incident_id: r.incidentId,
  });
}

/** Nanoseconds since the epoch, exact to the microsecond. */
export function timeUnixNano(timeMs: number): bigint {
  return BigInt(Math.round(timeMs * 1000)) * 1000n;
}

export const SEVERITY = {
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  ERROR: 17,
  FATAL: 21,
} as const;
export type SeverityName = keyof typeof SEVERITY;
