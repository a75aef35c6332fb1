import { toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { anomaliesFrames } from '../../test/fixtures/queryResults.js';
import type { AnomalyRecord } from './anomalyRecords.js';
import { bucketIndexOf, buildTimeline, hideClasses } from './timeline.js';
import { seriesOf, type Series } from './series.js';

const options = { topN: 3, threshold: 0.8 };

function record(timeMs: number, cls: string, template: string, score = 0.9): AnomalyRecord {
  return { timeMs, service: 's', class: cls, score, isAnomaly: true, template, templateId: '', reasons: [], line: '', labels: {} };
}

describe('buildTimeline', () => {
  it('stacks anomaly counts by class in the documented class order', () => {
    const series: Series[] = [
      { labels: { class: 'network' }, times: [60_000, 120_000], values: [1, 2] },
      { labels: { class: 'security' }, times: [60_000, 120_000], values: [3, 0] },
      { labels: { class: 'network', service: 'b' }, times: [120_000], values: [4] },
    ];
    const model = buildTimeline(series, [], options);
    expect(model.source).toBe('metrics');
    expect(model.classes).toEqual(['security', 'network']);
    expect(model.times).toEqual([60_000, 120_000]);
    expect(model.stepMs).toBe(60_000);
    expect([...model.counts[1]]).toEqual([1, 6]);
    expect([...model.totals]).toEqual([4, 6]);
    expect(model.maxTotal).toBe(6);
  });

  it('aligns series with missing points and ignores null and negative increases', () => {
    const series: Series[] = [
      { labels: { class: 'config' }, times: [0, 60_000, 180_000], values: [1, NaN, -0.2] },
      { labels: { class: 'hardware' }, times: [120_000], values: [2] },
    ];
    const model = buildTimeline(series, [], options);
    expect(model.times).toEqual([0, 60_000, 120_000, 180_000]);
    expect([...model.totals]).toEqual([1, 0, 2, 0]);
  });

  it('lists the top templates of each interval from Loki records', () => {
    const series: Series[] = [{ labels: { class: 'security' }, times: [60_000, 120_000], values: [3, 1] }];
    const records = [
      record(30_000, 'security', 'A'),
      record(40_000, 'security', 'A'),
      record(50_000, 'security', 'B', 0.95),
      record(60_000, 'security', 'C'), // the window (0, 60000] includes its end
      record(61_000, 'security', 'D', 0.85),
      record(10_000, 'security', 'E', 0.1), // below threshold and not flagged: not an anomaly template
    ];
    records[5].isAnomaly = false;
    const model = buildTimeline(series, records, options);
    expect(model.topTemplates[0]).toEqual([
      { template: 'A', count: 2 },
      { template: 'B', count: 1 },
      { template: 'C', count: 1 },
    ]);
    expect(model.topTemplates[1]).toEqual([{ template: 'D', count: 1 }]);
    expect(model.maxScore[0]).toBe(0.95);
    expect(model.maxScore[1]).toBe(0.85);
  });

  it('builds counts from Loki records alone when no metric query is given', () => {
    const records = [record(1_000, 'network', 'x'), record(50_000, 'network', 'x'), record(119_000, 'config', 'y')];
    const model = buildTimeline([], records, options);
    expect(model.source).toBe('records');
    expect(model.classes).toEqual(['network', 'config']);
    expect([...model.totals].reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('is empty for no input and for series without times', () => {
    expect(buildTimeline([], [], options).source).toBe('none');
    const instant = buildTimeline([{ labels: { class: 'x' }, times: [], values: [1] }], [], options);
    expect(instant.times).toEqual([]);
  });

  it('labels an unlabelled series as unknown rather than dropping it', () => {
    const model = buildTimeline([{ labels: {}, times: [1], values: [2] }], [], options);
    expect(model.classes).toEqual(['unknown']);
  });

  it('handles 10,000 points from 50 services', () => {
    const frames = anomaliesFrames({ services: 50, points: 200 });
    const series = frames.flatMap((f) => seriesOf(toDataFrame(f)));
    expect(series.length * 200).toBeGreaterThanOrEqual(10_000);
    const model = buildTimeline(series, [], options);
    expect(model.times).toHaveLength(200);
    const sum = series.reduce((acc, s) => acc + s.values.reduce((a, v) => a + (v > 0 ? v : 0), 0), 0);
    expect([...model.totals].reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 6);
  });
});

describe('bucketIndexOf', () => {
  it('finds the window (t - step, t] holding a time', () => {
    const times = [60, 120, 180];
    expect(bucketIndexOf(times, 60, 60)).toBe(0);
    expect(bucketIndexOf(times, 60, 61)).toBe(1);
    expect(bucketIndexOf(times, 60, 0)).toBe(-1);
    expect(bucketIndexOf(times, 60, 181)).toBe(-1);
  });
});

describe('hideClasses', () => {
  it('drops hidden classes and recomputes totals, keeping the model when nothing is hidden', () => {
    const model = buildTimeline(
      [
        { labels: { class: 'security' }, times: [1, 2], values: [5, 1] },
        { labels: { class: 'network' }, times: [1, 2], values: [1, 2] },
      ],
      [],
      options,
    );
    const shown = hideClasses(model, new Set(['security']));
    expect(shown.classes).toEqual(['network']);
    expect([...shown.totals]).toEqual([1, 2]);
    expect(shown.maxTotal).toBe(2);
    expect(hideClasses(model, new Set())).toBe(model);
    expect(hideClasses(model, new Set(['hardware']))).toBe(model);
  });
});
