import { describe, expect, it } from 'vitest';
import type { KeyValue, LogsData, RecordVerdict, ResourceLogs } from '@anomalog/collector-processor';
import { logRecordOf, resourceFor, scopeFor } from '../../../test/helpers/records.js';
import { bytesToHex } from '../any-value.js';
import { JsonBytes } from './json-bytes.js';
import { writeRecordJson } from './record-json.js';
import { renderRecords } from './rendered-records.js';

const EVERY_KIND: KeyValue[] = [
  { key: 'text', value: 'quote " backslash \\ newline \n tab \t é 😀 \u0001 \ud800' },
  { key: 'int', value: 200 },
  { key: 'double', value: 42.5043132272549 },
  { key: 'not a number', value: NaN },
  { key: 'big int64', value: 2n ** 70n },
  { key: 'flag', value: false },
  { key: 'nothing', value: null },
  { key: 'bytes', value: Uint8Array.from([0, 171, 255]) },
  { key: 'list', value: ['a', 1, [2n], { kvlist: [{ key: 'k', value: 'v' }] }] },
  { key: 'map', value: { kvlist: [{ key: 'x', value: 1 }, { key: 'x', value: 3 }] } },
];

function verdictFor(i: number, service: string): RecordVerdict {
  return {
    service,
    timeMs: Date.UTC(2026, 10, 25, 1, 2, 3, i),
    severityNumber: 9,
    message: `message ${i}`,
    template: 'message <*>',
    templateId: `t${i % 3}`,
    params: [],
    newTemplate: false,
    score: i / 7,
    isAnomaly: i % 2 === 0,
    class: i % 2 === 0 ? 'security' : 'normal',
    classConfidence: 0.25 + i / 100,
    reasons: i % 2 === 0 ? ['new template', `burst "${i}"`] : [],
  };
}

/** Two services, one scope without name or version, and records exercising every line part. */
function request(): LogsData {
  const checkout: ResourceLogs = resourceFor('checkout');
  checkout.resource!.attributes.push({ key: 'host', value: { kvlist: [{ key: 'name', value: 'h1' }] } });
  const named = scopeFor(checkout);
  named.logRecords.push(
    logRecordOf('plain', { timeUnixNano: 1_764_032_523_123_456_789n, attributes: EVERY_KIND }),
    // No time of its own: the observed time, then the verdict's, as recordTimeNanos has it.
    logRecordOf('observed only', { observedTimeUnixNano: 1_764_032_524_000_000_001n }),
    logRecordOf('no time at all', { severityNumber: 17, severityText: 'ERROR' }),
    logRecordOf('ids and the rest', {
      timeUnixNano: 5n,
      traceId: Uint8Array.from({ length: 16 }, (_, i) => i * 16 + 1),
      spanId: Uint8Array.from({ length: 8 }, (_, i) => 255 - i),
      flags: 1,
      eventName: 'checkout.failed',
    }),
  );
  const payments = resourceFor('payments');
  const unnamed = scopeFor(payments);
  unnamed.scope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  unnamed.logRecords.push(
    logRecordOf('odd span id length', { spanId: Uint8Array.from([1, 2, 3]) }),
    // A record scored before (it carries anomalog.* attributes): enrichment replaces their values.
    logRecordOf('scored before', { attributes: [{ key: 'anomalog.score', value: 0.5 }, { key: 'user', value: 'u1' }] }),
    logRecordOf('last', { body: { kvlist: [{ key: 'msg', value: 'structured' }] } }),
  );
  return { resourceLogs: [checkout, payments] };
}

describe('records rendered at receipt', () => {
  it('complete to the same line the enriched record gives, byte for byte', () => {
    const data = request();
    const rendered = renderRecords(data);
    expect(rendered.count).toBe(7);
    let i = 0;
    for (const resourceLogs of data.resourceLogs) {
      for (const scopeLogs of resourceLogs.scopeLogs) {
        for (const record of scopeLogs.logRecords) {
          const verdict = verdictFor(i, resourceLogs === data.resourceLogs[0] ? 'checkout' : 'payments');
          if (i === 5) {
            // Kept decoded, as it came: the pipeline enriches and exports it as it always did.
            expect(rendered.carrying?.get(i)).toEqual({ resourceLogs, scopeLogs, record });
          } else {
            const expected = new JsonBytes(256);
            writeRecordJson(expected, { resourceLogs, scopeLogs, record, verdict, verdictAttributes: true });
            const actual = new JsonBytes(256);
            actual.byte(0x5b); // bytes already in the writer must not matter
            rendered.writeLine(actual, i, verdict);
            expect(actual.bytes().subarray(1).toString('utf8')).toBe(expected.bytes().toString('utf8'));
            expect(rendered.traceIdHex(i)).toBe(bytesToHex(record.traceId));
            expect(rendered.spanIdHex(i)).toBe(bytesToHex(record.spanId));
          }
          i++;
        }
      }
    }
    expect(rendered.carrying?.size).toBe(1);
  });

  it('give the record time, or the verdict time when the record has none', () => {
    const rendered = renderRecords(request());
    expect(rendered.timeNanos(0, 0)).toBe(1_764_032_523_123_456_789n);
    expect(rendered.timeNanos(1, 0)).toBe(1_764_032_524_000_000_001n);
    expect(rendered.timeNanos(2, 1_764_032_525_007)).toBe(1_764_032_525_007_000_000n);
  });

  it('keep their own bytes: rendering the next request does not change them', () => {
    const first = renderRecords(request());
    const verdict = verdictFor(0, 'checkout');
    const before = new JsonBytes(256);
    first.writeLine(before, 0, verdict);
    const text = before.bytes().toString('utf8');
    const other = request();
    other.resourceLogs[0].scopeLogs[0].logRecords[0].body = 'x'.repeat(10_000);
    renderRecords(other);
    const after = new JsonBytes(256);
    first.writeLine(after, 0, verdict);
    expect(after.bytes().toString('utf8')).toBe(text);
    expect(JSON.parse(text)).toMatchObject({ service: 'checkout', body: 'plain', attributes: { 'anomalog.score': 0, 'anomalog.is_anomaly': true } });
  });
});
