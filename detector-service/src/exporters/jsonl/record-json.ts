import type { ExportRecord } from '../export-record.js';
import { anyValueToJson, bytesToHex, keyValuesToJson, nanosToIso, recordTimeNanos } from '../any-value.js';

/**
 * One enriched record as a JSON line: the OTLP record with its attributes (the anomalog.* ones
 * included), plus its resource and scope, in the OTLP/JSON spirit with readable times and hex ids.
 */
export function recordToJsonLine(entry: ExportRecord): string {
  const { record, resourceLogs, scopeLogs, verdict } = entry;
  const out: Record<string, unknown> = {
    time: nanosToIso(recordTimeNanos(record.timeUnixNano, record.observedTimeUnixNano, verdict.timeMs)),
    service: verdict.service,
    severity_number: record.severityNumber,
    severity_text: record.severityText,
    body: anyValueToJson(record.body),
    attributes: keyValuesToJson(record.attributes),
    resource: keyValuesToJson(resourceLogs.resource?.attributes ?? []),
  };
  if (scopeLogs.scope && (scopeLogs.scope.name !== '' || scopeLogs.scope.version !== '')) {
    out.scope = { name: scopeLogs.scope.name, version: scopeLogs.scope.version };
  }
  if (record.traceId.length > 0) out.trace_id = bytesToHex(record.traceId);
  if (record.spanId.length > 0) out.span_id = bytesToHex(record.spanId);
  if (record.flags !== 0) out.flags = record.flags;
  if (record.eventName !== '') out.event_name = record.eventName;
  return JSON.stringify(out);
}
