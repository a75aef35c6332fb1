import type { ExportRecord } from './export-record.js';

/** A bounded FIFO of records on a ring buffer: O(1) push and take, no array shifting. */
export class RecordQueue {
  private readonly slots: (ExportRecord | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<ExportRecord | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get free(): number {
    return this.capacity - this.count;
  }

  /** Adds every record, or none when they do not all fit. */
  pushAll(records: readonly ExportRecord[]): boolean {
    if (records.length > this.free) return false;
    let tail = (this.head + this.count) % this.capacity;
    for (const r of records) {
      this.slots[tail] = r;
      tail = tail + 1 === this.capacity ? 0 : tail + 1;
    }
    this.count += records.length;
    return true;
  }

  /** Removes and returns up to `max` records from the front. */
  take(max: number): ExportRecord[] {
    const n = Math.min(max, this.count);
    const out = new Array<ExportRecord>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.slots[this.head] as ExportRecord;
      this.slots[this.head] = undefined;
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    }
    this.count -= n;
    return out;
  }
}
