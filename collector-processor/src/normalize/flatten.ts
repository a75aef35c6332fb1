import type { AnyValue, KeyValue } from '../otlp-model.js';
import { isKeyValueList, toFlatValue, type FlatValue } from './any-value.js';

/** Where flattened attributes go: a Map, or the engine's RecordAttributes. */
export interface AttributeSink {
  set(key: string, value: FlatValue): unknown;
}

/** Nested maps deeper than this are kept as JSON text, so hostile input cannot recurse without end. */
const MAX_DEPTH = 8;

/**
 * Adds key-values to `out`, nested maps flattened with keys joined by '.' (`http.request.method`).
 * Arrays stay one value (JSON text): their positions are not attributes of their own.
 */
export function flattenInto(
  out: AttributeSink,
  attributes: readonly KeyValue[],
  prefix = '',
  depth = 0,
): void {
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i];
    const key = prefix === '' ? kv.key : `${prefix}.${kv.key}`;
    const value = kv.value;
    // Most attributes are scalars: stored as they are (what toFlatValue would give them).
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.set(key, value);
    else flattenValue(out, key, value, depth);
  }
}

function flattenValue(out: AttributeSink, key: string, value: AnyValue, depth: number): void {
  if (isKeyValueList(value) && depth < MAX_DEPTH) {
    flattenInto(out, value.kvlist, key, depth + 1);
    return;
  }
  out.set(key, toFlatValue(value));
}
