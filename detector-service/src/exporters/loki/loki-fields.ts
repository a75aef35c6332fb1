/** What a record becomes in Loki: bounded labels, structured metadata, and the line. */
import type { RecordVerdict } from '@anomalog/collector-processor';
import type { ExportRecord } from '../export-record.js';
import { anyValueToString, bytesToHex } from '../any-value.js';

const LEVELS_BY_TEXT: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  emergency: 'fatal',
  alert: 'fatal',
  panic: 'fatal',
};

/** The `level` label: one of trace, debug, info, warn, error, fatal, unknown. */
export function levelLabel(severityNumber: number, severityText: string): string {
  if (severityNumber >= 1 && severityNumber <= 24) {
    return ['trace', 'debug', 'info', 'warn', 'error', 'fatal'][Math.floor((severityNumber - 1) / 4)];
  }
  return LEVELS_BY_TEXT[severityText.toLowerCase()] ?? 'unknown';
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The stream selector, labels sorted by name as Loki keeps them. */
export function streamLabels(verdict: RecordVerdict, severityText: string, severityNumber: number): string {
  return (
    `{anomalog_class="${verdict.class}", anomaly="${verdict.isAnomaly ? 'true' : 'false'}", ` +
    `level="${levelLabel(severityNumber, severityText)}", service_name="${escapeLabelValue(verdict.service)}"}`
  );
}

/** Attribute names as Loki stores them: anything but [A-Za-z0-9_] becomes '_'. */
export function metadataName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Structured metadata: the record's attributes (the anomalog.* ones among them) and its trace ids. */
export function recordMetadata(entry: ExportRecord): [string, string][] {
  const { record } = entry;
  const out: [string, string][] = [];
  for (const kv of record.attributes) out.push([metadataName(kv.key), anyValueToString(kv.value)]);
  if (record.traceId.length > 0) out.push(['trace_id', bytesToHex(record.traceId)]);
  if (record.spanId.length > 0) out.push(['span_id', bytesToHex(record.spanId)]);
  return out;
}

function logfmtValue(value: string): string {
  if (value !== '' && !/[\s"=\\]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** For Loki before 2.9: the metadata appended to the line as logfmt, `| logfmt` reads it back. */
export function lineWithLogfmt(line: string, metadata: readonly [string, string][]): string {
  let out = line;
  for (const [name, value] of metadata) out += ` ${name}=${logfmtValue(value)}`;
  return out;
}
