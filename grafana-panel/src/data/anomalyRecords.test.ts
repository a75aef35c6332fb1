import { toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { lokiAnomalyFrame } from '../../test/fixtures/queryResults.js';
import { logfmtAnomalogFields, parseReasons, toAnomalyRecord, toAnomalyRecords } from './anomalyRecords.js';
import { readLogRows } from './logRows.js';

describe('toAnomalyRecord', () => {
  it('reads score, class, template and reasons from structured metadata', () => {
    const record = toAnomalyRecord({
      timeMs: 1,
      line: 'Failed password for root',
      labels: {
        service_name: 'auth',
        anomalog_class: 'security',
        anomaly: 'true',
        anomalog_score: '0.97',
        anomalog_template: 'Failed password for <*>',
        anomalog_template_id: 'ab12',
        anomalog_reasons: '["rare_template","volume_burst"]',
      },
    });
    expect(record).toMatchObject({
      service: 'auth',
      class: 'security',
      score: 0.97,
      isAnomaly: true,
      template: 'Failed password for <*>',
      templateId: 'ab12',
      reasons: ['rare_template', 'volume_burst'],
    });
  });

  it('reads the logfmt tail of pre-2.9 Loki lines', () => {
    const rows = readLogRows(toDataFrame(lokiAnomalyFrame({ rows: 4, logfmt: true })));
    const records = toAnomalyRecords(rows);
    expect(records).toHaveLength(4);
    for (const r of records) {
      expect(r.score).toBeGreaterThanOrEqual(0.8);
      expect(r.template).toContain('<*>');
      expect(r.reasons.length).toBeGreaterThan(0);
    }
  });

  it('is null for rows Anomalog did not write, and NaN score when the score is garbage', () => {
    expect(toAnomalyRecord({ timeMs: 1, line: 'plain line', labels: { job: 'x' } })).toBeNull();
    const partial = toAnomalyRecord({ timeMs: 1, line: '', labels: { anomalog_class: 'network', anomalog_score: 'high' } });
    expect(partial?.score).toBeNaN();
    expect(partial?.service).toBe('unknown_service');
    expect(partial?.reasons).toEqual([]);
  });

  it('sorts records newest first', () => {
    const records = toAnomalyRecords([
      { timeMs: 1, line: '', labels: { anomalog_class: 'config' } },
      { timeMs: 3, line: '', labels: { anomalog_class: 'config' } },
    ]);
    expect(records.map((r) => r.timeMs)).toEqual([3, 1]);
  });
});

describe('parseReasons and logfmtAnomalogFields', () => {
  it('splits reasons from JSON, commas or semicolons', () => {
    expect(parseReasons('["a","b"]')).toEqual(['a', 'b']);
    expect(parseReasons('a, b;c')).toEqual(['a', 'b', 'c']);
    expect(parseReasons('[broken')).toEqual(['[broken']);
    expect(parseReasons(undefined)).toEqual([]);
  });

  it('unquotes logfmt values', () => {
    expect(logfmtAnomalogFields('msg anomalog_score=0.9 anomalog_template="a \\"b\\" <*>"')).toEqual({
      anomalog_score: '0.9',
      anomalog_template: 'a "b" <*>',
    });
  });
});
