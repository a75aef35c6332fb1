import { describe, expect, it } from 'vitest';
import { batch, logRecord, ms } from '../test/otlp-records.js';
import { createEngine } from './engine.js';
import type { LogRecord } from './otlp-model.js';

const START = Date.parse('2026-03-02T09:00:00Z');

function records(n: number): { service: string; record: LogRecord }[] {
  return Array.from({ length: n }, (_, i) => ({
    service: i % 3 === 0 ? 'auth' : 'shop',
    record: logRecord(i % 50 === 49 ? `disk failure on /dev/sd${i % 4} at sector ${i * 977}` : `GET /api/items/${i % 40} 200 ${10 + (i % 9)}ms`, {
      timeUnixNano: ms(START + i * 100),
      attributes: [{ key: 'duration_ms', value: 10 + (i % 9) }],
    }),
  }));
}

describe('engine enrichRecords', () => {
  it('off: the records keep their attributes untouched and the verdicts are the same as with it on', () => {
    const plain = records(400);
    const enriched = records(400);
    const off = createEngine({ enrichRecords: false }).process(batch(plain));
    const on = createEngine().process(batch(enriched));
    expect(off).toEqual(on);
    for (const { record } of plain) expect(record.attributes.map((a) => a.key)).toEqual(['duration_ms']);
    for (const { record } of enriched) expect(record.attributes.some((a) => a.key.startsWith('anomalog.'))).toBe(true);
  });
});
