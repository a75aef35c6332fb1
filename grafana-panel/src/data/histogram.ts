import { lastValue, type Series } from './series.js';

export interface HistogramBin {
  /** Exclusive lower bound (0 for the first bin: scores are never negative). */
  lower: number;
  /** Inclusive upper bound, the bucket's `le`; Infinity for the +Inf bucket. */
  upper: number;
  count: number;
}

export interface HistogramModel {
  bins: HistogramBin[];
  total: number;
  maxCount: number;
  /** Estimated scores at or above the threshold (linear within the bin that holds it). */
  atOrAboveThreshold: number;
  /** Series whose `le` was not a number and were left out. */
  malformedSeries: number;
}

function parseLe(value: string | undefined): number {
  if (value === undefined) {
    return NaN;
  }
  const text = value.trim();
  if (text === '+Inf' || text === 'Inf' || text === 'inf') {
    return Infinity;
  }
  return text === '' ? NaN : Number(text);
}

function empty(malformedSeries: number): HistogramModel {
  return { bins: [], total: 0, maxCount: 0, atOrAboveThreshold: 0, malformedSeries };
}

/**
 * The score distribution from cumulative `le` buckets, e.g. the result of
 * `sum by (le) (increase(anomalog_score_bucket[$__range]))`. Series of the same `le` (several
 * services) are summed; each bucket's count is its cumulative value minus the previous one's.
 * A missing bucket only widens its neighbour, and a cumulative count that dips (counter reset
 * between scrapes) counts as zero rather than negative.
 */
export function buildHistogram(series: readonly Series[], threshold: number): HistogramModel {
  const cumulativeByLe = new Map<number, number>();
  let malformed = 0;
  for (const s of series) {
    const le = parseLe(s.labels.le);
    if (Number.isNaN(le)) {
      malformed++;
      continue;
    }
    const value = lastValue(s);
    if (!Number.isFinite(value)) {
      continue;
    }
    cumulativeByLe.set(le, (cumulativeByLe.get(le) ?? 0) + value);
  }
  if (cumulativeByLe.size === 0) {
    return empty(malformed);
  }
  const les = [...cumulativeByLe.keys()].sort((a, b) => a - b);
  const bins: HistogramBin[] = [];
  let previousLe = 0;
  let previousCumulative = 0;
  for (const le of les) {
    const cumulative = cumulativeByLe.get(le) ?? 0;
    const count = Math.max(0, cumulative - previousCumulative);
    // Scores live in 0..1; the +Inf bucket only gets a bar when something is above the last bound.
    if (le !== Infinity || count > 0) {
      bins.push({ lower: previousLe, upper: le, count });
    }
    previousLe = le;
    previousCumulative = Math.max(previousCumulative, cumulative);
  }
  let total = 0;
  let maxCount = 0;
  let atOrAbove = 0;
  for (const bin of bins) {
    total += bin.count;
    maxCount = Math.max(maxCount, bin.count);
    atOrAbove += bin.count * shareAtOrAbove(bin, threshold);
  }
  return { bins, total, maxCount, atOrAboveThreshold: atOrAbove, malformedSeries: malformed };
}

function shareAtOrAbove(bin: HistogramBin, threshold: number): number {
  if (bin.lower >= threshold) {
    return 1;
  }
  if (bin.upper < threshold) {
    return 0;
  }
  if (bin.upper === Infinity) {
    return 1;
  }
  return (bin.upper - threshold) / (bin.upper - bin.lower);
}
