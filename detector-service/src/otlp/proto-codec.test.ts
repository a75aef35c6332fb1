import { describe, expect, it } from 'vitest';
import { loadOtlpLogsProto } from '../bench/otlp-logs-proto-schema.js';
import { sampleLogsBatch } from '../bench/otlp-sample-batch.js';
import { countRecords } from './count-records.js';
import { OtlpDecodeError } from './decode-error.js';
import { decodeExportLogsRequest } from './proto-decode-logs.js';
import { encodeExportLogsRequest } from './proto-encode-logs.js';
import { encodeExportLogsResponse, encodeRpcStatus, RETRY_INFO_TYPE_URL } from './proto-status.js';
import { ProtoWriter } from './proto-writer.js';
import { everyFieldRequest } from './test-fixtures.js';

const proto = loadOtlpLogsProto();

function decodeError(bytes: Uint8Array): OtlpDecodeError {
  try {
    decodeExportLogsRequest(bytes);
  } catch (err) {
    if (err instanceof OtlpDecodeError) return err;
    throw err;
  }
  throw new Error('expected a decode error');
}

describe('protobuf codec', () => {
  it('round-trips every field and every value kind exactly', () => {
    const request = everyFieldRequest();
    expect(decodeExportLogsRequest(encodeExportLogsRequest(request))).toEqual(request);
  });

  it('round-trips a realistic multi-service batch', () => {
    const batch = sampleLogsBatch({ records: 1000, services: 20, seed: 7 });
    const decoded = decodeExportLogsRequest(encodeExportLogsRequest(batch));
    expect(countRecords(decoded)).toBe(1000);
    expect(decoded).toEqual(batch);
  });

  it('writes bytes that protobufjs reads as the same message', () => {
    const bytes = encodeExportLogsRequest(everyFieldRequest());
    const msg = proto.request.toObject(proto.request.decode(bytes), { longs: String, bytes: Array }) as any;
    const record = msg.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.timeUnixNano).toBe('1732456789123456789');
    expect(record.observedTimeUnixNano).toBe('18446744073709551615');
    expect(record.severityNumber).toBe(17);
    expect(record.flags).toBe(0x01ff);
    expect(record.eventName).toBe('payment.failed');
    expect(record.body.kvlistValue.values[0].value.stringValue).toBe('payment failed: ünïcödé ✓ 支付 🚀');
    expect(record.body.kvlistValue.values[1].value.arrayValue.values[3].intValue).toBe('-9223372036854775808');
    expect(record.attributes[0]).toEqual({ key: 'http.response.status_code', value: { intValue: '503' } });
    expect(msg.resourceLogs[0].resource.attributes[0].value.stringValue).toBe('checkout');
    expect(msg.resourceLogs[0].scopeLogs[0].scope.droppedAttributesCount).toBe(2);
  });

  it('reads bytes written by protobufjs', () => {
    const bytes = proto.request
      .encode(
        proto.request.fromObject({
          resourceLogs: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
              scopeLogs: [
                {
                  logRecords: [
                    {
                      timeUnixNano: '1700000000000000001',
                      severityNumber: -5,
                      body: { intValue: '-42' },
                      traceId: Buffer.alloc(16, 0xab),
                      attributes: [{ key: 'd', value: { doubleValue: 2.5 } }],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      )
      .finish();
    const decoded = decodeExportLogsRequest(bytes);
    const record = decoded.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(decoded.resourceLogs[0].resource?.attributes).toEqual([{ key: 'service.name', value: 'api' }]);
    expect(record.timeUnixNano).toBe(1_700_000_000_000_000_001n);
    expect(record.severityNumber).toBe(-5);
    expect(record.body).toBe(-42n);
    expect(record.traceId).toEqual(new Uint8Array(16).fill(0xab));
    expect(record.attributes).toEqual([{ key: 'd', value: 2.5 }]);
  });

  it('skips unknown fields of every wire type at every level', () => {
    const w = new ProtoWriter();
    const unknowns = (): void => {
      w.tag(90, 0);
      w.varint32(300);
      w.tag(91, 1);
      w.fixed64(5n);
      w.tag(92, 2);
      w.string('ignored');
      w.tag(93, 5);
      w.fixed32(7);
      w.tag(94, 3); // group with a nested varint, then its end
      w.tag(1, 0);
      w.varint32(1);
      w.tag(94, 4);
    };
    unknowns();
    w.beginMessage(1);
    unknowns();
    w.beginMessage(1); // resource
    unknowns();
    w.endMessage();
    w.beginMessage(2); // scope_logs
    w.beginMessage(2); // log record
    unknowns();
    w.tag(3, 2);
    w.string('WARN');
    w.beginMessage(5);
    unknowns();
    w.tag(1, 2);
    w.string('body');
    w.endMessage();
    w.endMessage();
    w.endMessage();
    w.endMessage();
    const decoded = decodeExportLogsRequest(w.finish());
    const record = decoded.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.severityText).toBe('WARN');
    expect(record.body).toBe('body');
    expect(decoded.resourceLogs[0].resource).toEqual({ attributes: [], droppedAttributesCount: 0 });
  });

  it('names the field whose string is not valid UTF-8', () => {
    const w = new ProtoWriter();
    w.beginMessage(1);
    w.beginMessage(2);
    w.beginMessage(2);
    w.tag(3, 2);
    w.bytes(new Uint8Array([0x49, 0x4e, 0xc3, 0x28])); // 0xC3 0x28 is an invalid sequence
    w.endMessage();
    w.endMessage();
    w.endMessage();
    const err = decodeError(w.finish());
    expect(err.field).toBe('resourceLogs.scopeLogs.logRecords.severityText');
    expect(err.message).toMatch(/UTF-8/);
  });

  it('rejects a truncated message, a lying length, a bad id length and a wrong wire type', () => {
    const good = encodeExportLogsRequest(everyFieldRequest());
    expect(decodeError(good.subarray(0, good.length - 3)).message).toMatch(/truncated/);
    expect(decodeError(new Uint8Array([0x0a, 0x7f, 0x00])).message).toMatch(/truncated/);

    const w = new ProtoWriter();
    w.beginMessage(1);
    w.beginMessage(2);
    w.beginMessage(2);
    w.tag(9, 2);
    w.bytes(new Uint8Array(15));
    w.endMessage();
    w.endMessage();
    w.endMessage();
    expect(decodeError(w.finish()).field).toBe('resourceLogs.scopeLogs.logRecords.traceId');

    expect(decodeError(new Uint8Array([0x08, 0x01])).message).toMatch(/wire type/);
    expect(decodeError(new Uint8Array([0x00, 0x01])).message).toMatch(/field number 0/);
  });

  it('refuses values nested deeper than the limit instead of overflowing the stack', () => {
    let value: any = 'leaf';
    for (let i = 0; i < 100; i++) value = [value];
    const request = everyFieldRequest();
    request.resourceLogs[0].scopeLogs[0].logRecords[0].body = value;
    const bytes = encodeExportLogsRequest(request);
    expect(decodeError(bytes).message).toMatch(/nested deeper than 32/);
    expect(() => decodeExportLogsRequest(bytes, { maxNestingDepth: 200 })).not.toThrow();
  });

  it('encodes an empty response for full success and partial_success when records were rejected', () => {
    expect(encodeExportLogsResponse(undefined).length).toBe(0);
    const bytes = encodeExportLogsResponse({ rejectedLogRecords: 3, errorMessage: '3 records without a body' });
    expect(proto.response.toObject(proto.response.decode(bytes), { longs: Number })).toEqual({
      partialSuccess: { rejectedLogRecords: 3, errorMessage: '3 records without a body' },
    });
  });

  it('encodes google.rpc.Status with a RetryInfo detail', () => {
    const status = proto.status.decode(encodeRpcStatus(14, 'pipeline full', 2.5)) as any;
    expect(status.code).toBe(14);
    expect(status.message).toBe('pipeline full');
    expect(status.details[0].typeUrl).toBe(RETRY_INFO_TYPE_URL);
    const retry = proto.retryInfo.toObject(proto.retryInfo.decode(status.details[0].value), { longs: Number });
    expect(retry).toEqual({ retryDelay: { seconds: 2, nanos: 500_000_000 } });
  });
});
