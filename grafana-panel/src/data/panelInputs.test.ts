import { FieldType, toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { anomaliesFrames, lokiAnomalyFrame, scoreBucketFrames, serviceGraphFrames } from '../../test/fixtures/queryResults.js';
import { readPanelInputs } from './panelInputs.js';

describe('readPanelInputs', () => {
  it('sorts a full dashboard query set into the four inputs', () => {
    const frames = [
      ...anomaliesFrames({ services: 3, points: 10 }),
      ...scoreBucketFrames(),
      ...serviceGraphFrames({ services: 4, ips: 2, users: 1 }),
      lokiAnomalyFrame({ rows: 20 }),
    ].map((f) => toDataFrame(f));
    const inputs = readPanelInputs(frames, [{ refId: 'D', expr: '{anomaly="true"}', datasource: { type: 'loki', uid: 'L1' } }]);
    expect(inputs.anomalies.length).toBeGreaterThan(0);
    expect(inputs.scoreBuckets).toHaveLength(21);
    expect(inputs.graphRequests.length).toBe(inputs.graphAnomalous.length);
    expect(inputs.records).toHaveLength(20);
    expect(inputs.lokiDatasourceUid).toBe('L1');
    expect(inputs.unrecognised).toBe(0);
  });

  it('counts frames it cannot place and skips nulls', () => {
    const other = toDataFrame({
      meta: { executedQueryString: 'rate(http_requests_total[5m])' },
      fields: [{ name: 'Value', type: FieldType.number, values: [1] }],
    });
    const inputs = readPanelInputs([other, null as never]);
    expect(inputs.unrecognised).toBe(1);
    expect(inputs.anomalies).toEqual([]);
  });

  it('is empty for no frames', () => {
    expect(readPanelInputs([])).toMatchObject({ anomalies: [], scoreBuckets: [], records: [], lokiDatasourceUid: '' });
  });
});
