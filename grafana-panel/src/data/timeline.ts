import type { AnomalyRecord } from './anomalyRecords.js';
import { LOG_CLASSES } from './classes.js';
import type { Series } from './series.js';

export interface TemplateCount {
  template: string;
  count: number;
}

/**
 * Anomaly counts over time, stacked by class. Bucket i covers (times[i] - stepMs, times[i]]:
 * a Prometheus point at t is the increase over the window that ends at t.
 */
export interface TimelineModel {
  times: number[];
  stepMs: number;
  /** Classes present, in the fixed documented order, then any other label values. */
  classes: string[];
  /** counts[c][i]: anomalies of classes[c] in bucket i. */
  counts: Float64Array[];
  totals: Float64Array;
  maxTotal: number;
  /** Highest record score per bucket (NaN where no record fell), when Loki records are given. */
  maxScore: Float64Array;
  /** Most frequent templates of each bucket's records, at most topN each. */
  topTemplates: TemplateCount[][];
  /** Where the counts came from: metric series, or Loki records when no metric query was given. */
  source: 'metrics' | 'records' | 'none';
}

const CLASS_LABELS = ['class', 'anomalog_class'] as const;

function classOf(labels: Readonly<Record<string, string>>): string {
  for (const name of CLASS_LABELS) {
    const value = labels[name];
    if (value !== undefined && value !== '') {
      return value;
    }
  }
  return 'unknown';
}

function orderClasses(present: Set<string>): string[] {
  const known = LOG_CLASSES.filter((c) => present.has(c));
  const others = [...present].filter((c) => !(LOG_CLASSES as readonly string[]).includes(c)).sort();
  return [...known, ...others];
}

/** The typical spacing of sorted times (the smallest positive gap, robust to missing points). */
function stepOf(times: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap > 0 && gap < step) {
      step = gap;
    }
  }
  return Number.isFinite(step) ? step : 60_000;
}

function emptyModel(): TimelineModel {
  return {
    times: [],
    stepMs: 0,
    classes: [],
    counts: [],
    totals: new Float64Array(0),
    maxTotal: 0,
    maxScore: new Float64Array(0),
    topTemplates: [],
    source: 'none',
  };
}

/** Index of the bucket whose window (t - step, t] holds timeMs, or -1. */
export function bucketIndexOf(times: readonly number[], stepMs: number, timeMs: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < timeMs) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo >= times.length || times[lo] - stepMs >= timeMs) {
    return -1;
  }
  return lo;
}

function fromSeries(series: readonly Series[]): Omit<TimelineModel, 'maxScore' | 'topTemplates'> | null {
  const timeSet = new Set<number>();
  const present = new Set<string>();
  for (const s of series) {
    if (s.times.length === 0) {
      continue;
    }
    present.add(classOf(s.labels));
    for (const t of s.times) {
      if (Number.isFinite(t)) {
        timeSet.add(t);
      }
    }
  }
  if (timeSet.size === 0) {
    return null;
  }
  const times = [...timeSet].sort((a, b) => a - b);
  const indexOfTime = new Map<number, number>();
  times.forEach((t, i) => indexOfTime.set(t, i));
  const classes = orderClasses(present);
  const counts = classes.map(() => new Float64Array(times.length));
  for (const s of series) {
    if (s.times.length === 0) {
      continue;
    }
    const row = counts[classes.indexOf(classOf(s.labels))];
    for (let i = 0; i < s.values.length; i++) {
      const index = indexOfTime.get(s.times[i]);
      const v = s.values[i];
      // increase() can dip below zero by extrapolation noise; a count is never negative.
      if (index !== undefined && Number.isFinite(v) && v > 0) {
        row[index] += v;
      }
    }
  }
  return { times, stepMs: stepOf(times), classes, counts, ...totalsOf(counts, times.length), source: 'metrics' };
}

function totalsOf(counts: Float64Array[], length: number): { totals: Float64Array; maxTotal: number } {
  const totals = new Float64Array(length);
  for (const row of counts) {
    for (let i = 0; i < length; i++) {
      totals[i] += row[i];
    }
  }
  let maxTotal = 0;
  for (let i = 0; i < length; i++) {
    maxTotal = Math.max(maxTotal, totals[i]);
  }
  return { totals, maxTotal };
}

/** Buckets for records alone: about 60 over their time span, on whole seconds. */
function fromRecords(records: readonly AnomalyRecord[], threshold: number): Omit<TimelineModel, 'maxScore' | 'topTemplates'> | null {
  const anomalies = records.filter((r) => isAnomalous(r, threshold));
  if (anomalies.length === 0) {
    return null;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const r of anomalies) {
    min = Math.min(min, r.timeMs);
    max = Math.max(max, r.timeMs);
  }
  const stepMs = Math.max(1000, Math.ceil((max - min) / 60 / 1000) * 1000);
  const first = Math.floor(min / stepMs) * stepMs + stepMs;
  const times: number[] = [];
  for (let t = first; t - stepMs < max; t += stepMs) {
    times.push(t);
  }
  const present = new Set(anomalies.map((r) => r.class));
  const classes = orderClasses(present);
  const counts = classes.map(() => new Float64Array(times.length));
  for (const r of anomalies) {
    const index = bucketIndexOf(times, stepMs, r.timeMs);
    if (index >= 0) {
      counts[classes.indexOf(r.class)][index] += 1;
    }
  }
  return { times, stepMs, classes, counts, ...totalsOf(counts, times.length), source: 'records' };
}

export function isAnomalous(record: AnomalyRecord, threshold: number): boolean {
  return record.isAnomaly || (Number.isFinite(record.score) && record.score >= threshold);
}

function topN(counts: Map<string, number>, n: number): TemplateCount[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([template, count]) => ({ template, count }));
}

/**
 * The timeline view model: counts from `anomalog_anomalies_total` series when given, else from
 * the anomalous Loki records; Loki records add each bucket's top templates and highest score.
 */
export function buildTimeline(
  series: readonly Series[],
  records: readonly AnomalyRecord[],
  options: { topN: number; threshold: number },
): TimelineModel {
  const base = fromSeries(series) ?? fromRecords(records, options.threshold);
  if (!base) {
    return emptyModel();
  }
  const maxScore = new Float64Array(base.times.length).fill(NaN);
  const templateCounts: Array<Map<string, number> | undefined> = new Array(base.times.length);
  for (const r of records) {
    const index = bucketIndexOf(base.times, base.stepMs, r.timeMs);
    if (index < 0) {
      continue;
    }
    if (Number.isFinite(r.score) && !(maxScore[index] >= r.score)) {
      maxScore[index] = r.score;
    }
    if (r.template !== '' && isAnomalous(r, options.threshold)) {
      const counts = (templateCounts[index] ??= new Map());
      counts.set(r.template, (counts.get(r.template) ?? 0) + 1);
    }
  }
  const topTemplates = base.times.map((_, i) => {
    const counts = templateCounts[i];
    return counts ? topN(counts, Math.max(0, options.topN)) : [];
  });
  return { ...base, maxScore, topTemplates };
}

/**
 * The model without some classes (the legend toggles them): their rows go, totals and the
 * maximum are recomputed. The same object when nothing is hidden, so memoised drawing is kept.
 */
export function hideClasses(model: TimelineModel, hidden: ReadonlySet<string>): TimelineModel {
  if (hidden.size === 0 || !model.classes.some((c) => hidden.has(c))) {
    return model;
  }
  const keep = model.classes.map((c, i) => [c, i] as const).filter(([c]) => !hidden.has(c));
  const counts = keep.map(([, i]) => model.counts[i]);
  return { ...model, classes: keep.map(([c]) => c), counts, ...totalsOf(counts, model.times.length) };
}
