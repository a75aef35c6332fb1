import { FieldType, toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { lastValue, seriesOf, toNumber } from './series.js';

describe('seriesOf', () => {
  it('reads a Prometheus time-series frame with labels on the value field', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [1000, 2000] },
        { name: 'Value', type: FieldType.number, labels: { class: 'security' }, values: [1, 2] },
      ],
    });
    expect(seriesOf(frame)).toEqual([{ labels: { class: 'security' }, times: [1000, 2000], values: [1, 2] }]);
  });

  it('groups a table-format frame into one series per label combination', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [1000, 1000, 2000] },
        { name: 'class', type: FieldType.string, values: ['network', 'config', 'network'] },
        { name: 'Value', type: FieldType.number, values: [3, 4, 5] },
      ],
    });
    const series = seriesOf(frame);
    expect(series).toHaveLength(2);
    expect(series.find((s) => s.labels.class === 'network')).toEqual({ labels: { class: 'network' }, times: [1000, 2000], values: [3, 5] });
  });

  it('turns nulls and text into NaN and keeps the rest', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [1, 2, 3] },
        { name: 'Value', type: FieldType.number, values: [null, 'x', 7] },
      ],
    });
    const [s] = seriesOf(frame);
    expect(s.values.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(['NaN', 'NaN', 7]);
    expect(lastValue(s)).toBe(7);
  });

  it('returns nothing for an empty frame or one without fields', () => {
    expect(seriesOf(toDataFrame({ fields: [] }))).toEqual([]);
    expect(seriesOf({ fields: undefined } as never)).toEqual([]);
  });

  it('keeps an instant result (no time field) as a series without times', () => {
    const frame = toDataFrame({ fields: [{ name: 'Value', type: FieldType.number, labels: { le: '0.5' }, values: [9] }] });
    expect(seriesOf(frame)).toEqual([{ labels: { le: '0.5' }, times: [], values: [9] }]);
  });

  it('reads typed-array values too', () => {
    const frame = { fields: [{ name: 'Value', type: FieldType.number, config: {}, values: new Float64Array([1, 2]) }], length: 2 };
    expect(seriesOf(frame as never)[0].values).toEqual([1, 2]);
  });

  it('parses numeric strings only', () => {
    expect(toNumber('1.5')).toBe(1.5);
    expect(toNumber('')).toBeNaN();
    expect(toNumber(Infinity)).toBeNaN();
    expect(toNumber({})).toBeNaN();
  });
});
