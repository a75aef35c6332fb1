import type { AnyValue, KeyValue } from '../otlp-model.js';

/** A scalar attribute value as the engine keeps it. */
export type FlatValue = string | number | boolean;

const HEX = '0123456789abcdef';
const HEX_CODES = Uint8Array.from(HEX, (ch) => ch.charCodeAt(0));

function hi(byte: number): number {
  return HEX_CODES[byte >> 4];
}
function lo(byte: number): number {
  return HEX_CODES[byte & 15];
}

/**
 * Lowercase hex of a byte string ('' for empty). Every record has a trace id (16 bytes) and a
 * span id (8): those are built as one string from their character codes, which leaves no chain of
 * intermediate strings for the garbage collector (appending two characters per byte did, and was
 * the engine's largest allocation).
 */
export function bytesToHex(b: Uint8Array): string {
  const n = b.length;
  if (n === 16) {
    // prettier-ignore
    return String.fromCharCode(
      hi(b[0]), lo(b[0]), hi(b[1]), lo(b[1]), hi(b[2]), lo(b[2]), hi(b[3]), lo(b[3]),
      hi(b[4]), lo(b[4]), hi(b[5]), lo(b[5]), hi(b[6]), lo(b[6]), hi(b[7]), lo(b[7]),
      hi(b[8]), lo(b[8]), hi(b[9]), lo(b[9]), hi(b[10]), lo(b[10]), hi(b[11]), lo(b[11]),
      hi(b[12]), lo(b[12]), hi(b[13]), lo(b[13]), hi(b[14]), lo(b[14]), hi(b[15]), lo(b[15]),
    );
  }
  if (n === 8) {
    // prettier-ignore
    return String.fromCharCode(
      hi(b[0]), lo(b[0]), hi(b[1]), lo(b[1]), hi(b[2]), lo(b[2]), hi(b[3]), lo(b[3]),
      hi(b[4]), lo(b[4]), hi(b[5]), lo(b[5]), hi(b[6]), lo(b[6]), hi(b[7]), lo(b[7]),
    );
  }
  let out = '';
  for (let i = 0; i < n; i++) out += HEX[b[i] >> 4] + HEX[b[i] & 15];
  return out;
}

/** True when a value is an OTLP key-value list (`{ kvlist }`). */
export function isKeyValueList(value: AnyValue): value is { kvlist: KeyValue[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * A value as one scalar: strings, booleans and doubles as they are, int64 as a number when it
 * fits a double exactly (else its decimal text), bytes as hex, arrays and maps as compact JSON.
 */
export function toFlatValue(value: AnyValue): FlatValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value === null) return '';
  if (value instanceof Uint8Array) return bytesToHex(value);
  return JSON.stringify(toPlain(value));
}

/** A value as plain JSON data (for arrays and maps rendered as text). */
function toPlain(value: AnyValue): unknown {
  if (typeof value === 'bigint') return toFlatValue(value);
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (isKeyValueList(value)) {
    const obj: Record<string, unknown> = {};
    for (const kv of value.kvlist) obj[kv.key] = toPlain(kv.value);
    return obj;
  }
  return value;
}

/** Text of a value: strings as they are, everything else via toFlatValue. */
export function toText(value: AnyValue): string {
  const flat = toFlatValue(value);
  return typeof flat === 'string' ? flat : String(flat);
}
