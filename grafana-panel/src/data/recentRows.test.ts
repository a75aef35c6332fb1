import { describe, expect, it } from 'vitest';
import type { AnomalyRecord } from './anomalyRecords.js';
import { recentRows } from './recentRows.js';

function record(timeMs: number, score: number, isAnomaly: boolean, template = 't <*>'): AnomalyRecord {
  return { timeMs, service: 'svc', class: 'network', score, isAnomaly, template, templateId: 'id', reasons: ['rare_template', 'volume_burst'], line: 'the line', labels: {} };
}

describe('recentRows', () => {
  it('lists the newest anomalies first, flagged or above the threshold, up to maxRows', () => {
    const rows = recentRows([record(1, 0.95, false), record(3, 0.2, true), record(2, 0.3, false), record(4, 0.99, true)], 0.9, 2);
    expect(rows.map((r) => r.timeMs)).toEqual([4, 3]);
    expect(rows[0]).toMatchObject({ service: 'svc', class: 'network', score: 0.99, template: 't <*>', reasons: 'rare_template, volume_burst' });
  });

  it('shows the line when a record has no template, and nothing for no records', () => {
    expect(recentRows([record(1, 0.9, true, '')], 0.8, 10)[0].template).toBe('the line');
    expect(recentRows([], 0.8, 10)).toEqual([]);
  });
});
