import { toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { scoreBucketFrames } from '../../test/fixtures/queryResults.js';
import { buildHistogram } from './histogram.js';
import { seriesOf, type Series } from './series.js';

function bucket(le: string, value: number, extra: Record<string, string> = {}): Series {
  return { labels: { le, ...extra }, times: [1, 2], values: [value / 2, value] };
}

describe('buildHistogram', () => {
  it('de-cumulates le buckets using the last value of each series', () => {
    const model = buildHistogram([bucket('0.5', 10), bucket('1', 14), bucket('+Inf', 14)], 0.8);
    expect(model.bins).toEqual([
      { lower: 0, upper: 0.5, count: 10 },
      { lower: 0.5, upper: 1, count: 4 },
    ]);
    expect(model.total).toBe(14);
    expect(model.maxCount).toBe(10);
    // 0.8..1 is 40% of the 0.5..1 bucket.
    expect(model.atOrAboveThreshold).toBeCloseTo(1.6, 6);
  });

  it('sums services per le and keeps a non-empty +Inf bucket', () => {
    const model = buildHistogram(
      [bucket('0.5', 1, { service: 'a' }), bucket('0.5', 2, { service: 'b' }), bucket('1', 3), bucket('+Inf', 5)],
      0.5,
    );
    expect(model.bins.map((b) => b.count)).toEqual([3, 0, 2]);
    expect(model.bins[2].upper).toBe(Infinity);
  });

  it('widens the neighbour of a missing bucket and never goes negative', () => {
    const frames = scoreBucketFrames({ drop: ['0.5', '0.55'] });
    const model = buildHistogram(frames.flatMap((f) => seriesOf(toDataFrame(f))), 0.8);
    const wide = model.bins.find((b) => b.upper === 0.6);
    expect(wide?.lower).toBe(0.45);
    expect(model.bins.every((b) => b.count >= 0)).toBe(true);
    const dipped = buildHistogram([bucket('0.5', 10), bucket('1', 8)], 0.8);
    expect(dipped.bins.map((b) => b.count)).toEqual([10, 0]);
  });

  it('counts and skips series with a malformed le, and is empty with no buckets', () => {
    const model = buildHistogram([bucket('abc', 1), { labels: {}, times: [], values: [1] }, bucket('1', 4)], 0.8);
    expect(model.malformedSeries).toBe(2);
    expect(model.bins).toEqual([{ lower: 0, upper: 1, count: 4 }]);
    expect(buildHistogram([], 0.8)).toMatchObject({ bins: [], total: 0 });
    expect(buildHistogram([{ labels: { le: '1' }, times: [1], values: [NaN] }], 0.8).bins).toEqual([]);
  });

  it('reads the 20 documented buckets of a realistic result', () => {
    const model = buildHistogram(scoreBucketFrames().flatMap((f) => seriesOf(toDataFrame(f))), 0.8);
    expect(model.bins).toHaveLength(20);
    expect(model.total).toBeGreaterThan(90_000);
    expect(model.bins[0].count).toBeGreaterThan(model.bins[19].count);
  });
});
