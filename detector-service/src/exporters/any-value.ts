/** Conversions of OTLP AnyValues into JSON and into flat strings, for the text-based exporters. */
import type { AnyValue, KeyValue } from '@anomalog/collector-processor';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** JSON-ready form: int64 as a number when exact, else its decimal string; bytes as hex. */
export function anyValueToJson(value: AnyValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(anyValueToJson);
  return keyValuesToJson(value.kvlist);
}

export function keyValuesToJson(list: readonly KeyValue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list) out[kv.key] = anyValueToJson(kv.value);
  return out;
}

/** One-line text: strings as they are, scalars printed, structures as JSON. */
export function anyValueToString(value: AnyValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return bytesToHex(value);
  return JSON.stringify(anyValueToJson(value));
}

/** Nanoseconds (bigint) to an RFC 3339 timestamp with nanosecond precision. */
export function nanosToIso(nanos: bigint): string {
  const ms = nanos / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  const frac = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

/** The record's time in nanoseconds: its own, else observed, else the engine's verdict time. */
export function recordTimeNanos(timeUnixNano: bigint, observedTimeUnixNano: bigint, verdictTimeMs: number): bigint {
  if (timeUnixNano > 0n) return timeUnixNano;
  if (observedTimeUnixNano > 0n) return observedTimeUnixNano;
  return BigInt(Math.round(verdictTimeMs)) * 1_000_000n;
}
