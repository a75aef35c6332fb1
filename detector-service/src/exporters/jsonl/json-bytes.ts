/**
 * A growing byte buffer that JSON text is written into directly, as UTF-8. Strings are escaped
 * exactly as JSON.stringify escapes them (same bytes once encoded), in one pass with no
 * intermediate strings: the JSONL exporter writes every record through this, and building a
 * string per value, then a line, then a batch, then encoding it, was most of its cost.
 */

/** Lowercase hex digits as character codes. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** What follows a backslash for the characters JSON.stringify escapes with a short form (0 = none). */
const SHORT_ESCAPE = new Uint8Array(128);
SHORT_ESCAPE[0x08] = 0x62; // \b
SHORT_ESCAPE[0x09] = 0x74; // \t
SHORT_ESCAPE[0x0a] = 0x6e; // \n
SHORT_ESCAPE[0x0c] = 0x66; // \f
SHORT_ESCAPE[0x0d] = 0x72; // \r
SHORT_ESCAPE[0x22] = 0x22; // \"
SHORT_ESCAPE[0x5c] = 0x5c; // \\

/** The printed doubles cache: 2^bits slots, keyed by value. */
const FRACTION_CACHE_BITS = 10;
const fractionKey = new Float64Array(1 << FRACTION_CACHE_BITS);
const fractionText = new Array<string | undefined>(1 << FRACTION_CACHE_BITS).fill(undefined);
const BITS_F64 = new Float64Array(1);
const BITS_I32 = new Int32Array(BITS_F64.buffer);

export class JsonBytes {
  buf: Buffer;
  /** Bytes written so far. */
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts over, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** The bytes written (a view on the buffer, valid until the next write or reset). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Text known to be ASCII with nothing to escape (keys chosen here, numbers, digits). */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** Bytes prepared earlier (a cached resource object, a quoted key). */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Arbitrary text as UTF-8, unquoted and unescaped (text JSON.stringify produced). */
  utf8(text: string): void {
    this.ensure(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** A JSON number or, when not finite, its text quoted (as the exporter always wrote it). */
  number(value: number): void {
    // Small integers (severities, flags, status codes) are written digit by digit, no string.
    if (Number.isInteger(value) && value >= 0 && value < 1e15) return this.integer(value);
    if (Number.isFinite(value)) this.fraction(value);
    else this.string(String(value));
  }

  /**
   * A finite non-integer. Printing a double is the dearest step of a record, and some repeat
   * from record to record (confidences, common scores): a small direct-mapped cache keeps the
   * printed form of recent ones.
   */
  private fraction(value: number): void {
    BITS_F64[0] = value;
    const slot = (Math.imul(BITS_I32[0] ^ BITS_I32[1], 0x9e3779b1) >>> 0) >>> (32 - FRACTION_CACHE_BITS);
    let text = fractionText[slot];
    if (fractionKey[slot] !== value || text === undefined) {
      text = String(value);
      fractionKey[slot] = value;
      fractionText[slot] = text;
    }
    this.ascii(text);
  }

  /** A non-negative integer below 1e15, in decimal. */
  private integer(value: number): void {
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    this.paddedInt(value, digits);
  }

  /** `digits` decimal digits of a non-negative integer, zero-padded. */
  paddedInt(value: number, digits: number): void {
    this.ensure(digits);
    const buf = this.buf;
    for (let i = this.pos + digits - 1; i >= this.pos; i--) {
      buf[i] = 0x30 + (value % 10);
      value = Math.floor(value / 10);
    }
    this.pos += digits;
  }

  /** Bytes as lowercase hex, unquoted. */
  hex(bytes: Uint8Array): void {
    this.ensure(bytes.length * 2);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < bytes.length; i++) {
      buf[pos++] = HEX_DIGITS[bytes[i] >> 4];
      buf[pos++] = HEX_DIGITS[bytes[i] & 15];
    }
    this.pos = pos;
  }

  /** A quoted, escaped JSON string: the UTF-8 bytes of JSON.stringify(text). */
  string(text: string): void {
    const n = text.length;
    // Worst case per UTF-16 unit: \u00XX (6 bytes) for a control character, \udXXX for a lone surrogate.
    this.ensure(n * 6 + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
          buf[pos++] = c;
          continue;
        }
        buf[pos++] = 0x5c;
        const short = SHORT_ESCAPE[c];
        if (short !== 0) {
          buf[pos++] = short;
        } else {
          buf[pos++] = 0x75; // u
          buf[pos++] = 0x30;
          buf[pos++] = 0x30;
          buf[pos++] = HEX_DIGITS[c >> 4];
          buf[pos++] = HEX_DIGITS[c & 15];
        }
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          buf[pos++] = 0xf0 | (cp >> 18);
          buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[pos++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // A lone surrogate: JSON.stringify writes it as a \u escape (well-formed JSON.stringify).
          buf[pos++] = 0x5c;
          buf[pos++] = 0x75;
          buf[pos++] = HEX_DIGITS[c >> 12];
          buf[pos++] = HEX_DIGITS[(c >> 8) & 15];
          buf[pos++] = HEX_DIGITS[(c >> 4) & 15];
          buf[pos++] = HEX_DIGITS[c & 15];
        }
      }
    }
    buf[pos++] = 0x22;
    this.pos = pos;
  }
}
