/**
 * Requests waiting, in arrival order, for room in the scoring queue. A request that finds the
 * queue full waits here (its bytes received but not decoded) rather than being refused at once:
 * a refused request has cost its whole transfer and comes back after the client's backoff, while
 * one that waits is taken as soon as the scoring thread has caught up. Waiting is bounded in
 * time (`maxWaitMs`, then the request is refused with backpressure) and in count (`maxWaiting`,
 * beyond which requests are refused at once).
 */
export class RoomWaiters {
  private readonly queue: ((room: boolean) => void)[] = [];

  constructor(
    private readonly maxWaitMs: number,
    private readonly maxWaiting: number,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /** Resolves true when woken with room, false after `waitMs`; false at once when too many wait. */
  wait(waitMs: number = this.maxWaitMs): Promise<boolean> {
    if (waitMs <= 0 || this.queue.length >= this.maxWaiting) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(wake);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(false);
      }, waitMs);
      const wake = (room: boolean): void => {
        clearTimeout(timer);
        resolve(room);
      };
      this.queue.push(wake);
    });
  }

  /** Wakes the `count` longest waiting with room. */
  wake(count: number): void {
    for (let i = 0; i < count && this.queue.length > 0; i++) this.queue.shift()!(true);
  }
}
