/**
 * A cap on bytes held by requests in flight across a listener, so many concurrent large
 * uploads cannot exhaust memory: each may be up to the size limit, together they stay under
 * this budget, and a request that would exceed it is refused with backpressure (retry later).
 */
export class ByteBudget {
  private used = 0;
  /** Requests refused because the budget was spent (for metrics and tests). */
  refusals = 0;

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.used;
  }

  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.capacity) {
      this.refusals++;
      return false;
    }
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
