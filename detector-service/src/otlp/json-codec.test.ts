import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './decode-error.js';
import { decodeExportLogsJson } from './json-decode-logs.js';
import { encodeExportLogsJson } from './json-encode-logs.js';
import { everyFieldRequest } from './test-fixtures.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function decodeError(text: string | Uint8Array): OtlpDecodeError {
  try {
    decodeExportLogsJson(typeof text === 'string' ? utf8(text) : text);
  } catch (err) {
    if (err instanceof OtlpDecodeError) return err;
    throw err;
  }
  throw new Error('expected a decode error');
}

function oneRecord(record: string): string {
  return `{"resourceLogs":[{"scopeLogs":[{"logRecords":[${record}]}]}]}`;
}

describe('OTLP/JSON codec', () => {
  it('round-trips every field and every value kind exactly', () => {
    const request = everyFieldRequest();
    expect(decodeExportLogsJson(utf8(encodeExportLogsJson(request)))).toEqual(request);
  });

  it('writes lowerCamelCase keys, int64 as strings and hex ids', () => {
    const json = JSON.parse(encodeExportLogsJson(everyFieldRequest()));
    const record = json.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.timeUnixNano).toBe('1732456789123456789');
    expect(record.traceId).toBe('01112131415161718191a1b1c1d1e1f1');
    expect(record.spanId).toBe('fffefdfcfbfaf9f8');
    expect(record.attributes[0]).toEqual({ key: 'http.response.status_code', value: { intValue: '503' } });
    expect(record.severityNumber).toBe(17);
  });

  it('takes int64 as a string or a number, hex ids in either case and enum names', () => {
    const decoded = decodeExportLogsJson(
      utf8(
        oneRecord(
          '{"timeUnixNano":1700000000000,"observedTimeUnixNano":"1700000000000000123","severityNumber":"SEVERITY_NUMBER_WARN",' +
            '"traceId":"ABCDEF0123456789abcdef0123456789","spanId":"","body":{"intValue":-7},' +
            '"attributes":[{"key":"n","value":{"intValue":"9223372036854775807"}},{"key":"b","value":{"bytesValue":"AAH+/w=="}},' +
            '{"key":"inf","value":{"doubleValue":"-Infinity"}},{"key":"none","value":{}},{"key":"unknown","value":{"futureValue":1}}],' +
            '"someFutureField":{"x":1}}',
        ),
      ),
    );
    const record = decoded.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.timeUnixNano).toBe(1_700_000_000_000n);
    expect(record.observedTimeUnixNano).toBe(1_700_000_000_000_000_123n);
    expect(record.severityNumber).toBe(13);
    expect(Buffer.from(record.traceId).toString('hex')).toBe('abcdef0123456789abcdef0123456789');
    expect(record.spanId.length).toBe(0);
    expect(record.body).toBe(-7n);
    expect(record.attributes).toEqual([
      { key: 'n', value: 9_223_372_036_854_775_807n },
      { key: 'b', value: new Uint8Array([0, 1, 254, 255]) },
      { key: 'inf', value: -Infinity },
      { key: 'none', value: null },
      { key: 'unknown', value: null },
    ]);
  });

  it('also takes the proto field names (snake_case), as the OTel Collector does', () => {
    const decoded = decodeExportLogsJson(
      utf8('{"resource_logs":[{"scope_logs":[{"log_records":[{"severity_text":"INFO","body":{"string_value":"hi"}}]}]}]}'),
    );
    expect(decoded.resourceLogs[0].scopeLogs[0].logRecords[0]).toMatchObject({ severityText: 'INFO', body: 'hi' });
  });

  it('rejects malformed input with the offending field named', () => {
    expect(decodeError('{"resourceLogs":[').message).toMatch(/malformed JSON/);
    expect(decodeError('[]').field).toBe('(request)');
    expect(decodeError(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])).message).toMatch(/UTF-8/);
    expect(decodeError(oneRecord('{"traceId":"xyz"}')).field).toBe('resourceLogs.scopeLogs.logRecords.traceId');
    expect(decodeError(oneRecord('{"traceId":"0102"}')).message).toMatch(/32 hex/);
    expect(decodeError(oneRecord('{"timeUnixNano":"12abc"}')).field).toBe('resourceLogs.scopeLogs.logRecords.timeUnixNano');
    expect(decodeError(oneRecord('{"timeUnixNano":"-1"}')).message).toMatch(/uint64/);
    expect(decodeError(oneRecord('{"body":{"intValue":"99999999999999999999"}}')).message).toMatch(/int64 range/);
    expect(decodeError(oneRecord('{"severityText":5}')).field).toBe('resourceLogs.scopeLogs.logRecords.severityText');
    expect(decodeError(oneRecord('{"body":{"bytesValue":"not base64!"}}')).message).toMatch(/base64/);
  });

  it('refuses values nested deeper than the limit', () => {
    let body = '{"stringValue":"leaf"}';
    for (let i = 0; i < 50; i++) body = `{"arrayValue":{"values":[${body}]}}`;
    expect(decodeError(oneRecord(`{"body":${body}}`)).message).toMatch(/nested deeper/);
  });
});
