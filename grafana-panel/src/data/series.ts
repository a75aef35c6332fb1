import { type DataFrame, type Field, FieldType } from '@grafana/data';

/** One labelled numeric series read out of a data frame; times are empty for instant results. */
export interface Series {
  labels: Readonly<Record<string, string>>;
  times: number[];
  values: number[];
}

/** Field values as an array whatever the frame's origin (arrays since Grafana 10; vectors before). */
export function fieldValues(field: Field | undefined): readonly unknown[] {
  if (!field || field.values == null) {
    return [];
  }
  if (Array.isArray(field.values)) {
    return field.values;
  }
  if (ArrayBuffer.isView(field.values)) {
    return Array.from(field.values as unknown as ArrayLike<number>);
  }
  const maybeVector = field.values as { toArray?: () => unknown[]; length?: number };
  if (typeof maybeVector.toArray === 'function') {
    return maybeVector.toArray();
  }
  return [];
}

/** A finite number from a cell, else NaN (null, strings that are not numbers, objects). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : NaN;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : NaN;
  }
  return NaN;
}

function toTime(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : NaN;
  }
  if (typeof value === 'string') {
    const numeric = Number(value);
    return Number.isFinite(numeric) ? numeric : Date.parse(value);
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  return NaN;
}

/**
 * The numeric series of a frame. Handles the two shapes Grafana's Prometheus datasource produces:
 * time series (labels on each number field) and tables (`format: table`: label columns as string
 * fields, one row per sample), where rows are grouped into series by their label columns.
 */
export function seriesOf(frame: DataFrame): Series[] {
  const fields = Array.isArray(frame.fields) ? frame.fields : [];
  const timeField = fields.find((f) => f.type === FieldType.time);
  const times = fieldValues(timeField).map(toTime);
  const numberFields = fields.filter((f) => f.type === FieldType.number);
  const labelColumns = fields.filter((f) => f.type === FieldType.string && f.name !== '__name__');
  const result: Series[] = [];
  for (const field of numberFields) {
    const values = fieldValues(field).map(toNumber);
    const fieldLabels: Record<string, string> = { ...(field.labels ?? {}) };
    if (labelColumns.length === 0) {
      result.push({ labels: fieldLabels, times: alignTimes(times, values.length), values });
      continue;
    }
    result.push(...groupRowsByLabelColumns(labelColumns, fieldLabels, times, values));
  }
  return result;
}

function alignTimes(times: number[], length: number): number[] {
  if (times.length === length) {
    return times;
  }
  return times.length === 0 ? [] : times.slice(0, length);
}

function groupRowsByLabelColumns(
  labelColumns: Field[],
  baseLabels: Record<string, string>,
  times: number[],
  values: number[],
): Series[] {
  const columnValues = labelColumns.map((f) => fieldValues(f));
  const groups = new Map<string, Series>();
  for (let row = 0; row < values.length; row++) {
    const labels: Record<string, string> = { ...baseLabels };
    for (let c = 0; c < labelColumns.length; c++) {
      const cell = columnValues[c][row];
      if (cell != null) {
        labels[labelColumns[c].name] = String(cell);
      }
    }
    const key = JSON.stringify(labels);
    let series = groups.get(key);
    if (!series) {
      series = { labels, times: [], values: [] };
      groups.set(key, series);
    }
    if (times.length > 0) {
      series.times.push(times[row] ?? NaN);
    }
    series.values.push(values[row]);
  }
  return [...groups.values()];
}

/** The last finite value of a series (a `[$__range]` increase is current at its last point). */
export function lastValue(series: Series): number {
  for (let i = series.values.length - 1; i >= 0; i--) {
    const v = series.values[i];
    if (Number.isFinite(v)) {
      return v;
    }
  }
  return NaN;
}
