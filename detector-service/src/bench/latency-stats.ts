/** Latency samples in a preallocated buffer (capped), summarised as percentiles in ms. */
export class LatencyRecorder {
  private readonly samples: Float64Array;
  private count = 0;
  /** Samples beyond the cap are not stored (counted here), so memory stays fixed. */
  dropped = 0;

  constructor(capacity = 1_000_000) {
    this.samples = new Float64Array(capacity);
  }

  add(ms: number): void {
    if (this.count < this.samples.length) this.samples[this.count++] = ms;
    else this.dropped++;
  }

  summary(): { p50: number; p90: number; p99: number; max: number; count: number } {
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (q: number): number => (sorted.length === 0 ? 0 : round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]));
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), count: this.count };
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
