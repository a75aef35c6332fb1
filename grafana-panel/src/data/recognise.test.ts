import { FieldType, toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { anomaliesFrames, lokiAnomalyFrame, scoreBucketFrames, serviceGraphFrames } from '../../test/fixtures/queryResults.js';
import { recogniseFrame } from './recognise.js';

function valueFrame(labels: Record<string, string>, extra: Record<string, unknown> = {}) {
  return toDataFrame({
    ...extra,
    fields: [
      { name: 'Time', type: FieldType.time, values: [1] },
      { name: 'Value', type: FieldType.number, labels, values: [1] },
    ],
  });
}

describe('recogniseFrame', () => {
  it('recognises each standard query by its executed expression', () => {
    expect(recogniseFrame(toDataFrame(anomaliesFrames({ services: 1, points: 2 })[0]))).toBe('anomalies');
    expect(recogniseFrame(toDataFrame(scoreBucketFrames()[0]))).toBe('scoreBuckets');
    const graph = serviceGraphFrames({ services: 2, ips: 1, users: 0 }).map((f) => recogniseFrame(toDataFrame(f)));
    expect(new Set(graph)).toEqual(new Set(['graphRequests', 'graphAnomalous']));
  });

  it('recognises Loki log frames in the classic and data-plane shapes', () => {
    expect(recogniseFrame(toDataFrame(lokiAnomalyFrame({ rows: 2 })))).toBe('logs');
    const dataplane = toDataFrame({
      meta: { type: 'log-lines' as never },
      fields: [
        { name: 'timestamp', type: FieldType.time, values: [1] },
        { name: 'body', type: FieldType.string, values: ['x'] },
      ],
    });
    expect(recogniseFrame(dataplane)).toBe('logs');
  });

  it('uses the request expression by refId when the frame lacks one', () => {
    const frame = valueFrame({ client: 'a', server: 'b' }, { refId: 'X' });
    const exprs = new Map([['X', 'sum by (client, server) (increase(anomalog_service_graph_request_anomalous_total[5m]))']]);
    expect(recogniseFrame(frame, exprs)).toBe('graphAnomalous');
  });

  it('falls back to label shape, and to __name__', () => {
    expect(recogniseFrame(valueFrame({ le: '0.5' }))).toBe('scoreBuckets');
    expect(recogniseFrame(valueFrame({ class: 'network' }))).toBe('anomalies');
    expect(recogniseFrame(valueFrame({ client: 'a', server: 'b' }))).toBe('graphRequests');
    expect(recogniseFrame(valueFrame({ __name__: 'anomalog_score_bucket', service: 'a' }))).toBe('scoreBuckets');
  });

  it('recognises a Loki metric query counting anomalies by class', () => {
    const frame = valueFrame({ anomalog_class: 'config' }, { meta: { executedQueryString: 'sum by (anomalog_class) (count_over_time({anomaly="true"}[1m]))' } });
    expect(recogniseFrame(frame)).toBe('anomalies');
  });

  it('calls unrelated and malformed frames unknown', () => {
    expect(recogniseFrame(valueFrame({ job: 'node' }, { meta: { executedQueryString: 'up' } }))).toBe('unknown');
    expect(recogniseFrame(toDataFrame({ fields: [] }))).toBe('unknown');
    expect(recogniseFrame({ fields: null } as never)).toBe('unknown');
  });
});
