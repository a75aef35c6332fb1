import { describe, expect, it } from 'vitest';
import { newLogRecord, type AnyValue, type LogRecord, type Resource } from '../otlp-model.js';
import { normalizeRecord } from './normalize-record.js';

function record(body: AnyValue, extra: Partial<LogRecord> = {}): LogRecord {
  return newLogRecord(body, { timeUnixNano: 1_700_000_000_123_000_000n, ...extra });
}

const resource = (name?: string): Resource => ({
  attributes: name === undefined ? [{ key: 'host.name', value: 'h1' }] : [{ key: 'service.name', value: name }],
  droppedAttributesCount: 0,
});

describe('normalizeRecord', () => {
  it('takes a string body as the message, with service, time, severity and ids', () => {
    const n = normalizeRecord(
      resource('checkout'),
      undefined,
      record('payment declined', {
        severityNumber: 17,
        severityText: 'ERROR',
        traceId: new Uint8Array([0xab, 0x01, ...new Array<number>(14).fill(0)]),
        spanId: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 0xff]),
        attributes: [{ key: 'http', value: { kvlist: [{ key: 'status_code', value: 502n }] } }],
      }),
    );
    expect(n.service).toBe('checkout');
    expect(n.message).toBe('payment declined');
    expect(n.timeMs).toBe(1_700_000_000_123);
    expect(n.severityNumber).toBe(17);
    expect(n.severityText).toBe('ERROR');
    expect(n.traceId).toBe('ab01' + '0'.repeat(28));
    expect(n.spanId).toBe('01020304050607ff');
    expect(n.attributes.get('http.status_code')).toBe(502);
  });

  it('flattens a structured body, takes its message field and fills severity from its level', () => {
    const body: AnyValue = {
      kvlist: [
        { key: 'msg', value: 'user login failed' },
        { key: 'level', value: 'warn' },
        { key: 'user', value: { kvlist: [{ key: 'id', value: 'u-42' }] } },
        { key: 'tags', value: ['a', 'b'] },
      ],
    };
    const n = normalizeRecord(resource('auth'), undefined, record(body, { attributes: [{ key: 'user.id', value: 'from-attrs' }] }));
    expect(n.message).toBe('user login failed');
    expect(n.severityText).toBe('warn');
    expect(n.severityNumber).toBe(13);
    // Record attributes win over body fields of the same name.
    expect(n.attributes.get('user.id')).toBe('from-attrs');
    expect(n.attributes.get('tags')).toBe('["a","b"]');
    expect(n.attributes.has('msg')).toBe(false);
  });

  it('uses unknown_service without service.name, observed time without time, and 0 without either', () => {
    const n = normalizeRecord(resource(), undefined, record('x', { timeUnixNano: 0n, observedTimeUnixNano: 5_000_000n }));
    expect(n.service).toBe('unknown_service');
    expect(n.timeMs).toBe(5);
    expect(normalizeRecord(undefined, undefined, record('x', { timeUnixNano: 0n })).timeMs).toBe(0);
  });

  it('renders non-string bodies as text', () => {
    expect(normalizeRecord(undefined, undefined, record(42n)).message).toBe('42');
    expect(normalizeRecord(undefined, undefined, record(null)).message).toBe('');
  });
});
