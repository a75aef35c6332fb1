import { FieldType, toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { lokiAnomalyFrame } from '../../test/fixtures/queryResults.js';
import { readLogRows } from './logRows.js';

describe('readLogRows', () => {
  it('reads time, labels with structured metadata, and line from a Loki frame', () => {
    const rows = readLogRows(toDataFrame(lokiAnomalyFrame({ rows: 3 })));
    expect(rows).toHaveLength(3);
    expect(rows[0].labels.anomaly).toBe('true');
    expect(rows[0].labels.anomalog_score).toMatch(/^0\.\d+$/);
    expect(typeof rows[0].line).toBe('string');
    expect(rows[0].timeMs).toBeGreaterThan(rows[2].timeMs);
  });

  it('takes stream labels from the line field when there is no labels field', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [5] },
        { name: 'Line', type: FieldType.string, labels: { service_name: 'cart' }, values: ['boom'] },
      ],
    });
    expect(readLogRows(frame)).toEqual([{ timeMs: 5, labels: { service_name: 'cart' }, line: 'boom' }]);
  });

  it('accepts labels given as JSON text and skips rows without a valid time', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'labels', type: FieldType.other, values: ['{"service_name":"a"}', 'not json'] },
        { name: 'Time', type: FieldType.time, values: [null, 9] },
        { name: 'Line', type: FieldType.string, values: ['x', 'y'] },
      ],
    });
    expect(readLogRows(frame)).toEqual([{ timeMs: 9, labels: {}, line: 'y' }]);
  });

  it('returns no rows for an empty frame or one without a line', () => {
    expect(readLogRows(toDataFrame({ fields: [] }))).toEqual([]);
    expect(readLogRows(toDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }] }))).toEqual([]);
  });
});
