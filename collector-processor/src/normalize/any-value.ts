import type { AnyValue, KeyValue } from '../otlp-model.js';

/** A scalar attribute value as the engine keeps it. */
export type FlatValue = string | number | boolean;

/** Scratch for trace and span ids (16 and 8 bytes): copied in, then hex-encoded natively. */
const HEX_SCRATCH = Buffer.alloc(32);

/**
 * Lowercase hex of a byte string ('' for empty). Two per record (trace and span id): encoding
 * natively into one string, instead of appending two characters per byte, leaves no chain of
 * intermediate strings for the garbage collector.
 */
export function bytesToHex(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n === 0) return '';
  if (n > HEX_SCRATCH.length) return Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('hex');
  HEX_SCRATCH.set(bytes);
  return HEX_SCRATCH.toString('hex', 0, n);
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
