import type { AnyValue, KeyValue } from '../otlp-model.js';

/** A scalar attribute value as the engine keeps it. */
export type FlatValue = string | number | boolean;

const HEX = '0123456789abcdef';

/** Lowercase hex of a byte string ('' for empty). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out += HEX[b >> 4] + HEX[b & 15];
  }
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
