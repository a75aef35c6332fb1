/**
 * Just enough protobuf reading for what OTLP servers answer: ExportLogsServiceResponse
 * (partial_success = 1 { rejected_log_records = 1, error_message = 2 }) and google.rpc.Status
 * (details = 3, Any { type_url = 1, value = 2 }) carrying a RetryInfo (retry_delay = 1, a Duration
 * { seconds = 1, nanos = 2 }).
 */

interface Field {
  number: number;
  wire: number;
  /** Varint value (as a number; large values lose precision, which none of these need). */
  varint: number;
  bytes: Uint8Array | undefined;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 70) throw new Error('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = readVarint();
    const wire = key & 7;
    const number = Math.floor(key / 8);
    if (wire === 0) {
      yield { number, wire, varint: readVarint(), bytes: undefined };
    } else if (wire === 2) {
      const len = readVarint();
      if (pos + len > buf.length) throw new Error('truncated field');
      yield { number, wire, varint: 0, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

export interface PartialSuccess {
  rejected: number;
  message: string;
}

/** The partial_success of an ExportLogsServiceResponse, undefined when absent or empty. */
export function readPartialSuccess(buf: Uint8Array): PartialSuccess | undefined {
  for (const f of fields(buf)) {
    if (f.number !== 1 || !f.bytes) continue;
    let rejected = 0;
    let message = '';
    for (const p of fields(f.bytes)) {
      if (p.number === 1 && p.wire === 0) rejected = p.varint;
      if (p.number === 2 && p.bytes) message = Buffer.from(p.bytes).toString('utf8');
    }
    if (rejected > 0 || message !== '') return { rejected, message };
  }
  return undefined;
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** The RetryInfo delay in a google.rpc.Status, in milliseconds, if the server sent one. */
export function readRetryDelayMs(status: Uint8Array): number | undefined {
  for (const f of fields(status)) {
    if (f.number !== 3 || !f.bytes) continue;
    let typeUrl = '';
    let value: Uint8Array | undefined;
    for (const a of fields(f.bytes)) {
      if (a.number === 1 && a.bytes) typeUrl = Buffer.from(a.bytes).toString('utf8');
      if (a.number === 2) value = a.bytes;
    }
    if (typeUrl !== RETRY_INFO || !value) continue;
    for (const r of fields(value)) {
      if (r.number !== 1 || !r.bytes) continue;
      let seconds = 0;
      let nanos = 0;
      for (const d of fields(r.bytes)) {
        if (d.number === 1) seconds = d.varint;
        if (d.number === 2) nanos = d.varint;
      }
      return seconds * 1000 + Math.round(nanos / 1e6);
    }
    return 0;
  }
  return undefined;
}
