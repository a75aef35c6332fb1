/** What a record becomes in Loki: bounded labels, structured metadata, and the line. */
import { LOG_CLASSES, type RecordVerdict } from '@anomalog/collector-processor';
import type { ExportRecord } from '../export-record.js';
import { anyValueToString, bytesToHex } from '../any-value.js';
import { registerMemoCache } from '../../metrics/memo-caches.js';

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

/** The `level` label's values; a severity number of 1 to 24 names one of the first six by fours. */
const LEVEL_LABELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const;
const UNKNOWN_LEVEL = LEVEL_LABELS.length - 1;
const LEVEL_INDEX = new Map<string, number>(LEVEL_LABELS.map((label, i) => [label, i]));

/** The index in LEVEL_LABELS of a record's level. */
function levelIndex(severityNumber: number, severityText: string): number {
  if (severityNumber >= 1 && severityNumber <= 24) return Math.floor((severityNumber - 1) / 4);
  const label = LEVELS_BY_TEXT[severityText.toLowerCase()];
  return label === undefined ? UNKNOWN_LEVEL : (LEVEL_INDEX.get(label) ?? UNKNOWN_LEVEL);
}

/** The `level` label: one of trace, debug, info, warn, error, fatal, unknown. */
export function levelLabel(severityNumber: number, severityText: string): string {
  return LEVEL_LABELS[levelIndex(severityNumber, severityText)];
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Services, and attribute names, whose Loki forms are kept: every record needs its stream
 * selector and a name per attribute, and building them (three regular expressions, a string of
 * some 90 characters to hash for grouping) was a fifth of the main thread's time with a Loki
 * exporter. Past the cap, forms are built each time and not kept.
 */
export const MAX_CACHED_LOKI_FORMS = 10_000;
/** Per service: its selectors, by (class, anomaly, level), filled as they occur. */
const selectorsByService = new Map<string, (string | undefined)[]>();
const CLASS_INDEX = new Map<string, number>(LOG_CLASSES.map((c, i) => [c, i]));
const metadataNames = new Map<string, string>();
registerMemoCache({ name: 'loki_stream_selectors', capacity: MAX_CACHED_LOKI_FORMS, size: () => selectorsByService.size });
registerMemoCache({ name: 'loki_metadata_names', capacity: MAX_CACHED_LOKI_FORMS, size: () => metadataNames.size });

/** The stream selector, labels sorted by name as Loki keeps them. */
export function streamLabels(verdict: RecordVerdict, severityText: string, severityNumber: number): string {
  const level = levelIndex(severityNumber, severityText);
  const classIndex = CLASS_INDEX.get(verdict.class);
  if (classIndex === undefined) return buildStreamLabels(verdict, level);
  let selectors = selectorsByService.get(verdict.service);
  if (selectors === undefined) {
    if (selectorsByService.size >= MAX_CACHED_LOKI_FORMS) return buildStreamLabels(verdict, level);
    selectors = new Array<string | undefined>(LOG_CLASSES.length * 2 * LEVEL_LABELS.length).fill(undefined);
    selectorsByService.set(verdict.service, selectors);
  }
  const slot = (classIndex * 2 + (verdict.isAnomaly ? 1 : 0)) * LEVEL_LABELS.length + level;
  return (selectors[slot] ??= buildStreamLabels(verdict, level));
}

function buildStreamLabels(verdict: RecordVerdict, level: number): string {
  return (
    `{anomalog_class="${verdict.class}", anomaly="${verdict.isAnomaly ? 'true' : 'false'}", ` +
    `level="${LEVEL_LABELS[level]}", service_name="${escapeLabelValue(verdict.service)}"}`
  );
}

/** Attribute names as Loki stores them: anything but [A-Za-z0-9_] becomes '_'. */
export function metadataName(key: string): string {
  const cached = metadataNames.get(key);
  if (cached !== undefined) return cached;
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  const stored = /^[0-9]/.test(name) ? `_${name}` : name;
  if (metadataNames.size < MAX_CACHED_LOKI_FORMS) metadataNames.set(key, stored);
  return stored;
}

/** Services and attribute names whose Loki forms are kept (each at most MAX_CACHED_LOKI_FORMS). */
export function cachedLokiForms(): { services: number; names: number } {
  return { services: selectorsByService.size, names: metadataNames.size };
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
