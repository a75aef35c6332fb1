/**
 * A JSON array whose items are built only when a writer reaches them, so a large snapshot can be
 * written one part at a time without first existing as one big tree of plain data.
 *
 * A streaming JSON writer that knows JSON_ITEMS takes the items one by one and drops each once it
 * is written (detector-service's json-stream.ts does). Everything else sees an ordinary array:
 * JSON.stringify goes through toJSON and writes the same text.
 */

/** The method a streaming writer calls for the items, one at a time (a registered symbol: no import needed). */
export const JSON_ITEMS: unique symbol = Symbol.for('anomalog.json.items');

export class LazyJsonArray<T> {
  /** `items` is called afresh for each pass, so the array can be written more than once. */
  constructor(private readonly items: () => Iterable<T>) {}

  [JSON_ITEMS](): Iterator<T> {
    return this.items()[Symbol.iterator]();
  }

  toJSON(): T[] {
    return [...this.items()];
  }
}

/** True for a value whose items a writer should take one at a time. */
export function isLazyJsonArray(value: unknown): value is { [JSON_ITEMS](): Iterator<unknown> } {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[JSON_ITEMS] === 'function';
}
