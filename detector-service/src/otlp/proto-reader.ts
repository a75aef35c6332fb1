import { OtlpDecodeError } from './decode-error.js';
import { readUtf8 } from './utf8.js';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/**
 * A cursor over protobuf bytes. Every read checks bounds against `limit` (the end of the
 * enclosing message), so truncated or lying length prefixes become decode errors, never reads
 * past the message or out of the buffer.
 */
export class ProtoReader {
  readonly buf: Buffer;
  private readonly view: DataView;
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Reads a varint and keeps its low 32 bits as an unsigned number (uint32, tags, lengths). */
  uint32(limit: number, field: string): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= limit) throw truncated(field);
    let byte = buf[pos++];
    let value = byte & 0x7f;
    if (byte < 0x80) {
      this.pos = pos;
      return value;
    }
    let shift = 7;
    while (shift < 32) {
      if (pos >= limit) throw truncated(field);
      byte = buf[pos++];
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
      shift += 7;
    }
    // Bits above 32 are dropped, as protobuf does for 32-bit fields; up to 10 bytes in all.
    for (let i = 5; i < 10; i++) {
      if (pos >= limit) throw truncated(field);
      if (buf[pos++] < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new OtlpDecodeError(field, 'varint longer than 10 bytes');
  }

  /** int32 / enum: the low 32 bits read as two's complement. */
  int32(limit: number, field: string): number {
    return this.uint32(limit, field) | 0;
  }

  bool(limit: number, field: string): boolean {
    const lo = this.uint32(limit, field);
    return lo !== 0;
  }

  /** A signed 64-bit varint (int64) as a bigint. */
  int64(limit: number, field: string): bigint {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let i = 0;
    for (; i < 10; i++) {
      if (pos >= limit) throw truncated(field);
      const byte = buf[pos++];
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (byte < 0x80) break;
    }
    if (i === 10) throw new OtlpDecodeError(field, 'varint longer than 10 bytes');
    this.pos = pos;
    if (hi === 0) return BigInt(lo >>> 0);
    return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  }

  fixed64(limit: number, field: string): bigint {
    if (this.pos + 8 > limit) throw truncated(field);
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  fixed32(limit: number, field: string): number {
    if (this.pos + 4 > limit) throw truncated(field);
    const value = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  double(limit: number, field: string): number {
    if (this.pos + 8 > limit) throw truncated(field);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns the end offset of the length-delimited payload. */
  lengthDelimitedEnd(limit: number, field: string): number {
    const length = this.uint32(limit, field);
    const end = this.pos + length;
    if (end > limit) throw truncated(field);
    return end;
  }

  string(limit: number, field: string): string {
    const end = this.lengthDelimitedEnd(limit, field);
    const text = readUtf8(this.buf, this.pos, end, field);
    this.pos = end;
    return text;
  }

  /** A copy, so a decoded record never pins the whole request buffer in memory. */
  bytes(limit: number, field: string): Uint8Array {
    const end = this.lengthDelimitedEnd(limit, field);
    const copy = new Uint8Array(end - this.pos);
    copy.set(this.buf.subarray(this.pos, end));
    this.pos = end;
    return copy;
  }

  /**
   * Small byte fields (trace and span ids) are copied into a shared slab and handed out as
   * views of it: one backing-store allocation per ~170 records instead of two per record, and
   * still no reference to the request buffer.
   */
  smallBytes(limit: number, field: string): Uint8Array {
    const end = this.lengthDelimitedEnd(limit, field);
    const length = end - this.pos;
    if (length > SLAB_SIZE / 8) return this.bytesAt(end);
    if (this.slabUsed + length > this.slab.length) {
      this.slab = new Uint8Array(SLAB_SIZE);
      this.slabUsed = 0;
    }
    const slab = this.slab;
    const from = this.slabUsed;
    const buf = this.buf;
    // A byte loop: for 8 or 16 bytes cheaper than creating a source view for set().
    for (let i = 0; i < length; i++) slab[from + i] = buf[this.pos + i];
    const view = slab.subarray(from, from + length);
    this.slabUsed += length;
    this.pos = end;
    return view;
  }

  private slab = new Uint8Array(0);
  private slabUsed = 0;

  private bytesAt(end: number): Uint8Array {
    const copy = new Uint8Array(end - this.pos);
    copy.set(this.buf.subarray(this.pos, end));
    this.pos = end;
    return copy;
  }

  /** Skips one field of any wire type, as the wire format requires for unknown fields. */
  skip(wireType: number, limit: number, field: string, groupDepth = 0): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.int64(limit, field);
        return;
      case WIRE_FIXED64:
        if (this.pos + 8 > limit) throw truncated(field);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.lengthDelimitedEnd(limit, field);
        return;
      case WIRE_FIXED32:
        if (this.pos + 4 > limit) throw truncated(field);
        this.pos += 4;
        return;
      case WIRE_START_GROUP: {
        // Deprecated groups: skip nested fields until the matching END_GROUP.
        if (groupDepth >= 32) throw new OtlpDecodeError(field, 'groups nested too deeply');
        for (;;) {
          const tag = this.uint32(limit, field);
          const type = tag & 7;
          if (type === WIRE_END_GROUP) return;
          this.skip(type, limit, field, groupDepth + 1);
        }
      }
      default:
        throw new OtlpDecodeError(field, `invalid wire type ${wireType}`);
    }
  }
}

const SLAB_SIZE = 4096;

function truncated(field: string): OtlpDecodeError {
  return new OtlpDecodeError(field, 'truncated or length exceeds enclosing message');
}

export function wrongWireType(field: string, wireType: number): OtlpDecodeError {
  return new OtlpDecodeError(field, `unexpected wire type ${wireType}`);
}
