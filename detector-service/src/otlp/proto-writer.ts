/**
 * An append-only protobuf writer over one growable buffer. Nested messages are written in place:
 * `beginMessage` reserves one byte for the length, `endMessage` backfills it and, when the
 * length needs more varint bytes, shifts the payload right (a memmove), so no message is
 * encoded twice and no size pass is needed.
 */
export class ProtoWriter {
  private buf: Buffer;
  private view: DataView;
  private pos = 0;
  private readonly starts: number[] = [];

  constructor(initialCapacity = 4096) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** The bytes written so far (a copy, so the writer can be reused). */
  finish(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    return out;
  }

  /** Resets the writer to empty, keeping its buffer. */
  reset(): void {
    this.pos = 0;
    this.starts.length = 0;
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  tag(fieldNumber: number, wireType: number): void {
    this.varint32((fieldNumber << 3) | wireType);
  }

  /** Unsigned 32-bit varint. */
  varint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let v = value >>> 0;
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** int32/enum: negative values take the 10-byte sign-extended form, as protobuf specifies. */
  int32(value: number): void {
    if (value >= 0) this.varint32(value);
    else this.int64(BigInt(value));
  }

  int64(value: bigint): void {
    this.ensure(10);
    const v = BigInt.asUintN(64, value);
    let lo = Number(v & 0xffffffffn);
    let hi = Number(v >> 32n);
    const buf = this.buf;
    while (hi !== 0 || lo > 0x7f) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  fixed64(value: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  double(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  string(value: string): void {
    const n = value.length;
    // Worst case 3 bytes per UTF-16 unit, plus the length prefix.
    this.ensure(n * 3 + 5);
    const buf = this.buf;
    if (n < 0x80) {
      // Short strings: ASCII copied char by char (no native call); anything else natively.
      const start = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      const written = i === n ? n : buf.write(value, start, 'utf8');
      if (written < 0x80) {
        buf[this.pos] = written;
        this.pos = start + written;
        return;
      }
    }
    const length = Buffer.byteLength(value, 'utf8');
    this.varint32(length);
    buf.write(value, this.pos, 'utf8');
    this.pos += length;
  }

  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  beginMessage(fieldNumber: number): void {
    this.tag(fieldNumber, 2);
    this.ensure(1);
    this.starts.push(this.pos);
    this.pos += 1;
  }

  endMessage(): void {
    const start = this.starts.pop();
    if (start === undefined) throw new Error('endMessage without beginMessage');
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    const prefix = varintSize(length);
    this.ensure(prefix - 1);
    this.buf.copyWithin(start + prefix, start + 1, this.pos);
    let v = length;
    let p = start;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
    this.pos += prefix - 1;
  }
}

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}
