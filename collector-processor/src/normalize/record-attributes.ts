import type { FlatValue } from './any-value.js';

/**
 * A record's flattened attributes as the engine reads them: a ReadonlyMap (plus `set`) over two
 * arrays that are reused from one record to the next. A Map per record cost the engine more than
 * any other allocation (its hash table is rebuilt twice as ~10 attributes arrive); records carry
 * few attributes, so a scan finds a key as fast as hashing would.
 *
 * It behaves as a Map does where the engine relies on it: insertion order, and a key set again
 * keeps its place and takes the new value. Whoever receives one must not keep it past the record.
 */
export class RecordAttributes implements ReadonlyMap<string, FlatValue> {
  private readonly keyList: string[] = [];
  private readonly valueList: FlatValue[] = [];
  /** The [key, value] pair handed out for each position, reused from record to record. */
  private readonly pairs: Array<[string, FlatValue]> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get [Symbol.toStringTag](): string {
    return 'RecordAttributes';
  }

  /** Empties it for the next record (the arrays keep their room). */
  clear(): void {
    this.count = 0;
  }

  get(key: string): FlatValue | undefined {
    const keys = this.keyList;
    for (let i = 0; i < this.count; i++) if (keys[i] === key) return this.valueList[i];
    return undefined;
  }

  has(key: string): boolean {
    const keys = this.keyList;
    for (let i = 0; i < this.count; i++) if (keys[i] === key) return true;
    return false;
  }

  set(key: string, value: FlatValue): this {
    const keys = this.keyList;
    for (let i = 0; i < this.count; i++) {
      if (keys[i] === key) {
        this.valueList[i] = value;
        return this;
      }
    }
    keys[this.count] = key;
    this.valueList[this.count++] = value;
    return this;
  }

  /** Appends a key known to be absent (skips the scan `set` does). */
  append(key: string, value: FlatValue): void {
    this.keyList[this.count] = key;
    this.valueList[this.count++] = value;
  }

  /** Key and value at a position (0 .. size-1), for loops that allocate nothing. */
  keyAt(i: number): string {
    return this.keyList[i];
  }

  valueAt(i: number): FlatValue {
    return this.valueList[i];
  }

  /**
   * The entry at a position as a [key, value] pair. The pair object of a position is reused for
   * the next record (like everything here, it is valid until then), so looping over a record's
   * attributes allocates no pair per attribute.
   */
  pairAt(i: number): [string, FlatValue] {
    let pair = this.pairs[i];
    if (pair === undefined) {
      pair = ['', ''];
      this.pairs[i] = pair;
    }
    pair[0] = this.keyList[i];
    pair[1] = this.valueList[i];
    return pair;
  }

  forEach(fn: (value: FlatValue, key: string, map: ReadonlyMap<string, FlatValue>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.count; i++) fn.call(thisArg, this.valueList[i], this.keyList[i], this);
  }

  /** An iterator not in use, handed out again (a loop over a record's attributes allocates nothing). */
  private spare: EntryIterator | null = null;

  entries(): MapIterator<[string, FlatValue]> {
    const it = this.spare;
    if (it === null) return new EntryIterator(this);
    this.spare = null;
    it.restart();
    return it;
  }

  /** Takes back an iterator its loop has finished with (EntryIterator calls it). */
  release(it: EntryIterator): void {
    this.spare = it;
  }

  keys(): MapIterator<string> {
    return this.keyList.slice(0, this.count).values();
  }

  values(): MapIterator<FlatValue> {
    return this.valueList.slice(0, this.count).values();
  }

  [Symbol.iterator](): MapIterator<[string, FlatValue]> {
    return this.entries();
  }
}

/** What a result holds before its first step (never handed out). */
const NO_PAIR: [string, FlatValue] = ['', ''];

/**
 * Entries in order, as the attributes' reused [key, value] pairs (see pairAt). One result object
 * serves every step (for-of, spread and Array.from read it before the next step). When its loop
 * ends (the last step, or `return` on a break) the iterator goes back to its attributes for the
 * next loop, so looping allocates nothing; a loop inside a loop gets an iterator of its own.
 */
class EntryIterator implements MapIterator<[string, FlatValue]> {
  private i = 0;
  private active = true;
  private readonly result: IteratorResult<[string, FlatValue], undefined> = { done: false, value: NO_PAIR };

  constructor(private readonly attributes: RecordAttributes) {}

  restart(): void {
    this.i = 0;
    this.active = true;
    this.result.done = false;
    this.result.value = NO_PAIR;
  }

  next(): IteratorResult<[string, FlatValue], undefined> {
    const i = this.i;
    const result = this.result;
    if (i >= this.attributes.size) {
      result.done = true;
      result.value = undefined;
      this.finish();
    } else {
      this.i = i + 1;
      result.value = this.attributes.pairAt(i);
    }
    return result;
  }

  return(): IteratorResult<[string, FlatValue], undefined> {
    this.i = this.attributes.size;
    this.result.done = true;
    this.result.value = undefined;
    this.finish();
    return this.result;
  }

  /** Hands the iterator back once (a finished iterator stepped again must not be handed out twice). */
  private finish(): void {
    if (!this.active) return;
    this.active = false;
    this.attributes.release(this);
  }

  [Symbol.iterator](): MapIterator<[string, FlatValue]> {
    return this;
  }
}
