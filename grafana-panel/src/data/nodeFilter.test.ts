import { describe, expect, it } from 'vitest';
import type { AnomalyRecord } from './anomalyRecords.js';
import { filterRecords, filterSeries } from './nodeFilter.js';
import type { Series } from './series.js';

const series: Series[] = [
  { labels: { class: 'network', service: 'cart' }, times: [1], values: [1] },
  { labels: { class: 'network', service: 'auth' }, times: [1], values: [2] },
];

function record(service: string, labels: Record<string, string> = {}): AnomalyRecord {
  return { timeMs: 1, service, class: 'security', score: 0.9, isAnomaly: true, template: '', templateId: '', reasons: [], line: '', labels };
}

describe('filterSeries', () => {
  it('keeps the selected service only', () => {
    expect(filterSeries(series, { id: 'cart', kind: 'service' })).toEqual({ series: [series[0]], applied: true });
  });

  it('leaves series alone when they carry no service label or the node is a client', () => {
    const unlabelled: Series[] = [{ labels: { class: 'x' }, times: [1], values: [1] }];
    expect(filterSeries(unlabelled, { id: 'cart', kind: 'service' })).toEqual({ series: unlabelled, applied: false });
    expect(filterSeries(series, { id: '10.0.0.1', kind: 'ip' }).applied).toBe(false);
    expect(filterSeries(series, null)).toEqual({ series, applied: true });
  });
});

describe('filterRecords', () => {
  it('narrows records to a service, an IP or a user', () => {
    const records = [record('cart'), record('auth', { 'client.address': '10.0.0.9' }), record('auth', { 'user.id': '42' })];
    expect(filterRecords(records, { id: 'cart', kind: 'service' })).toEqual([records[0]]);
    expect(filterRecords(records, { id: '10.0.0.9', kind: 'ip' })).toEqual([records[1]]);
    expect(filterRecords(records, { id: 'user:42', kind: 'user' })).toEqual([records[2]]);
    expect(filterRecords(records, null)).toBe(records);
  });
});
