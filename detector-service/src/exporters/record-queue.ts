import type { ExportRecord, QueuedRecord } from './export-record.js';

/**
 * A bounded FIFO of records on a ring buffer: O(1) push and take, no array shifting. `capacity`
 * limits admission; the one exception is a single request larger than the whole queue, taken
 * when the queue is empty (else it could never be accepted), for which the ring grows and then
 * shrinks back once drained.
 */
export class RecordQueue<R extends QueuedRecord = ExportRecord> {
  private slots: (R | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<R | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get free(): number {
    return Math.max(0, this.capacity - this.count);
  }

  /** Adds every record, or none when they do not fit. */
  pushAll(records: readonly R[]): boolean {
    if (records.length > this.free) {
      if (this.count !== 0) return false;
      this.slots = new Array<R | undefined>(records.length);
      this.head = 0;
    }
    const ring = this.slots.length;
    let tail = (this.head + this.count) % ring;
    for (const r of records) {
      this.slots[tail] = r;
      tail = tail + 1 === ring ? 0 : tail + 1;
    }
    this.count += records.length;
    return true;
  }

  /** Removes and returns up to `max` records from the front. */
  take(max: number): R[] {
    const n = Math.min(max, this.count);
    const ring = this.slots.length;
    const out = new Array<R>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.slots[this.head] as R;
      this.slots[this.head] = undefined;
      this.head = this.head + 1 === ring ? 0 : this.head + 1;
    }
    this.count -= n;
    if (this.count === 0 && ring !== this.capacity) {
      this.slots = new Array<R | undefined>(this.capacity);
      this.head = 0;
    }
    return out;
  }
}
