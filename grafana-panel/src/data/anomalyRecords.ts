import type { LogRow } from './logRows.js';

/** A scored record as Anomalog sent it to Loki, read back from a log row. */
export interface AnomalyRecord {
  timeMs: number;
  service: string;
  class: string;
  /** NaN when the row carries no score. */
  score: number;
  isAnomaly: boolean;
  template: string;
  templateId: string;
  reasons: string[];
  line: string;
  labels: Readonly<Record<string, string>>;
}

const LOGFMT_PAIR = /(anomalog_[a-z_]+|anomaly|service_name)=("(?:[^"\\]|\\.)*"|\S*)/g;

/**
 * The anomalog_* pairs Anomalog appends to the line as logfmt when Loki has no structured
 * metadata (Loki before 2.9), for queries that do not add `| logfmt` themselves.
 */
export function logfmtAnomalogFields(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of line.matchAll(LOGFMT_PAIR)) {
    const raw = match[2];
    fields[match[1]] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return fields;
}

/** Reasons arrive as a JSON array string, or joined with commas/semicolons by older writers. */
export function parseReasons(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        return parsed.map(String).filter((r) => r !== '');
      }
    } catch {
      // Not JSON after all: fall through to splitting.
    }
  }
  return text
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

function serviceOf(labels: Readonly<Record<string, string>>): string {
  return labels.service_name ?? labels['service.name'] ?? labels.service ?? labels.job ?? 'unknown_service';
}

/** The record behind a log row; null when the row was not written by Anomalog (no anomalog fields). */
export function toAnomalyRecord(row: LogRow): AnomalyRecord | null {
  let labels = row.labels;
  // The class is an indexed label either way; the score and template are in the line when
  // Loki had no structured metadata and the query did not parse it with `| logfmt`.
  if (labels.anomalog_score === undefined) {
    const fromLine = logfmtAnomalogFields(row.line);
    if (Object.keys(fromLine).length > 0) {
      labels = { ...fromLine, ...labels };
    }
  }
  if (labels.anomalog_score === undefined && labels.anomalog_class === undefined) {
    return null;
  }
  const scoreText = labels.anomalog_score;
  const score = scoreText === undefined || scoreText.trim() === '' ? NaN : Number(scoreText);
  return {
    timeMs: row.timeMs,
    service: serviceOf(labels),
    class: labels.anomalog_class ?? 'normal',
    score: Number.isFinite(score) ? score : NaN,
    isAnomaly: labels.anomaly === 'true' || labels.anomalog_is_anomaly === 'true',
    template: labels.anomalog_template ?? '',
    templateId: labels.anomalog_template_id ?? '',
    reasons: parseReasons(labels.anomalog_reasons),
    line: row.line,
    labels,
  };
}

/** Records of all rows, newest first. */
export function toAnomalyRecords(rows: readonly LogRow[]): AnomalyRecord[] {
  const records: AnomalyRecord[] = [];
  for (const row of rows) {
    const record = toAnomalyRecord(row);
    if (record) {
      records.push(record);
    }
  }
  return records.sort((a, b) => b.timeMs - a.timeMs);
}
