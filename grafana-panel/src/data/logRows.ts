import { type DataFrame, FieldType } from '@grafana/data';
import { fieldValues } from './series.js';

/** One log line of a Loki result: its time, all its labels (stream, structured metadata, parsed) and text. */
export interface LogRow {
  timeMs: number;
  labels: Readonly<Record<string, string>>;
  line: string;
}

function asLabelMap(value: unknown): Record<string, string> {
  let source = value;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      return {};
    }
  }
  if (source == null || typeof source !== 'object' || Array.isArray(source)) {
    return {};
  }
  const labels: Record<string, string> = {};
  for (const [key, v] of Object.entries(source as Record<string, unknown>)) {
    if (v != null) {
      labels[key] = String(v);
    }
  }
  return labels;
}

function toTimeMs(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string') {
    const numeric = Number(value);
    return Number.isFinite(numeric) ? numeric : Date.parse(value);
  }
  return NaN;
}

/**
 * Rows of a Loki log frame, in either shape Grafana produces: the classic one (`labels`, `Time`,
 * `Line`, `tsNs`, `id`; structured metadata merged into `labels`) and the data-plane one
 * (`timestamp`, `body`, `labels`). A frame whose line field carries the stream labels itself
 * (one stream per frame) works too. Rows without a valid time are skipped.
 */
export function readLogRows(frame: DataFrame): LogRow[] {
  const fields = Array.isArray(frame.fields) ? frame.fields : [];
  const timeField = fields.find((f) => f.type === FieldType.time) ?? fields.find((f) => f.name === 'Time' || f.name === 'timestamp');
  const lineField = fields.find((f) => f.name === 'Line' || f.name === 'body') ?? fields.find((f) => f.type === FieldType.string);
  const labelsField = fields.find((f) => f.name === 'labels');
  if (!timeField || !lineField) {
    return [];
  }
  const times = fieldValues(timeField);
  const lines = fieldValues(lineField);
  const labelCells = fieldValues(labelsField);
  const streamLabels = asLabelMap(lineField.labels);
  const rows: LogRow[] = [];
  for (let i = 0; i < times.length; i++) {
    const timeMs = toTimeMs(times[i]);
    if (!Number.isFinite(timeMs)) {
      continue;
    }
    const rowLabels = labelsField ? asLabelMap(labelCells[i]) : {};
    rows.push({
      timeMs,
      labels: { ...streamLabels, ...rowLabels },
      line: lines[i] == null ? '' : String(lines[i]),
    });
  }
  return rows;
}
