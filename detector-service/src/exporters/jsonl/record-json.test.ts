import { describe, expect, it } from 'vitest';
import type { KeyValue } from '@anomalog/collector-processor';
import { exportRecord } from '../../../test/helpers/records.js';
import { keyValuesToJson } from '../any-value.js';
import { JsonBytes } from './json-bytes.js';
import { enrichRecordAttributes } from '../../pipeline/enrich-record.js';
import { recordToJsonLine, writeRecordJson } from './record-json.js';

const EVERY_KIND: KeyValue[] = [
  { key: 'text', value: 'quote " backslash \\ newline \n tab \t é 😀 \u0001' },
  { key: 'int', value: 200 },
  { key: 'double', value: 42.5043132272549 },
  { key: 'negative', value: -3 },
  { key: 'not a number', value: NaN },
  { key: 'safe int64', value: 503n },
  { key: 'big int64', value: 2n ** 70n },
  { key: 'flag', value: true },
  { key: 'nothing', value: null },
  { key: 'bytes', value: Uint8Array.from([0, 171, 255]) },
  { key: 'list', value: ['a', 1, false, null, [2n], { kvlist: [{ key: 'k', value: 'v' }] }] },
  // A repeated key in a key-value list keeps the last value (a JSON object has one per key).
  { key: 'map', value: { kvlist: [{ key: 'x', value: 1 }, { key: '2', value: 'two' }, { key: 'x', value: 3 }] } },
  { key: 'ключ "quoted"', value: 'v' },
];

describe('JSONL record encoding', () => {
  it('writes every attribute value kind as the JSON form of the OTLP value', () => {
    const entry = exportRecord({
      service: 'checkout',
      body: 'payment failed: "card declined"\n',
      timeMs: Date.UTC(2026, 4, 6, 7, 8, 9, 10),
      severityNumber: 17,
      severityText: 'ERROR',
      isAnomaly: true,
      cls: 'error',
      traceId: Uint8Array.from({ length: 16 }, (_, i) => i * 16 + 1),
      spanId: Uint8Array.from({ length: 8 }, (_, i) => 255 - i),
      attributes: EVERY_KIND,
    });
    const line = recordToJsonLine(entry);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toEqual({
      time: '2026-05-06T07:08:09.010000123Z',
      service: 'checkout',
      severity_number: 17,
      severity_text: 'ERROR',
      body: 'payment failed: "card declined"\n',
      attributes: keyValuesToJson(entry.record.attributes),
      resource: { 'service.name': 'checkout' },
      scope: { name: 'test', version: '1' },
      trace_id: '01112131415161718191a1b1c1d1e1f1',
      span_id: 'fffefdfcfbfaf9f8',
    });
    const attributes = parsed.attributes as Record<string, unknown>;
    expect(attributes['not a number']).toBe('NaN');
    expect(attributes['big int64']).toBe('1180591620717411303424');
    expect(attributes['safe int64']).toBe(503);
    expect(attributes.map).toEqual({ x: 3, '2': 'two' });
    expect(attributes.list).toEqual(['a', 1, false, null, [2], { k: 'v' }]);
    expect(attributes['anomalog.is_anomaly']).toBe(true);
  });

  it('writes the anomalog.* attributes of a record flagged verdictAttributes from its verdict, as enrichment would have them', () => {
    for (const spec of [
      { attributes: EVERY_KIND, isAnomaly: true, cls: 'error' as const },
      { attributes: [], isAnomaly: false },
      { attributes: [{ key: 'http.route', value: '/api/cart' }], isAnomaly: false, score: 0.123456789 },
    ]) {
      const entry = exportRecord({ service: 'checkout', body: 'GET /api/cart 200 in 12 ms', timeMs: 1_000, ...spec });
      const bare = entry.record.attributes.filter((kv) => !kv.key.startsWith('anomalog.'));
      const enriched = [...bare];
      enrichRecordAttributes(enriched, entry.verdict);
      const asEnriched = recordToJsonLine({ ...entry, record: { ...entry.record, attributes: enriched } });
      const fromVerdict = recordToJsonLine({ ...entry, record: { ...entry.record, attributes: bare }, verdictAttributes: true });
      expect(fromVerdict).toBe(asEnriched);
      expect(JSON.parse(fromVerdict)).toMatchObject({ attributes: { 'anomalog.score': entry.verdict.score, 'anomalog.reasons': entry.verdict.reasons } });
    }
  });

  it('appends records one after another into one buffer, each line parsing on its own', () => {
    const out = new JsonBytes(64);
    const bodies = ['first', 'zweite Zeile ü', 'third "one"'];
    for (const [i, body] of bodies.entries()) {
      writeRecordJson(out, exportRecord({ service: `s${i}`, body, timeMs: 1_000 + i }));
      out.byte(0x0a);
    }
    const lines = out.bytes().toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { body: string; service: string }).body)).toEqual(bodies);
    expect(lines.map((l) => (JSON.parse(l) as { time: string }).time)).toEqual([
      '1970-01-01T00:00:01.000000123Z',
      '1970-01-01T00:00:01.001000123Z',
      '1970-01-01T00:00:01.002000123Z',
    ]);
  });
});
