/**
 * Exponential time decay on record time. Every learned count in the detectors fades with a
 * half-life, so what was common last week and has not been seen since becomes rare again.
 * Time going backwards (out-of-order records) never un-decays: dt <= 0 counts as no time passed.
 */
export function decayFactor(dtMs: number, halfLifeMs: number): number {
  return dtMs <= 0 ? 1 : Math.exp((-dtMs * Math.LN2) / halfLifeMs);
}

/** A count that fades with time; `at(t)` brings it to time t. */
export class DecayedCount {
  value = 0;
  lastMs = 0;

  /** Brings the count to `timeMs` and returns it. */
  at(timeMs: number, halfLifeMs: number): number {
    if (timeMs > this.lastMs) {
      if (this.value !== 0) this.value *= decayFactor(timeMs - this.lastMs, halfLifeMs);
      this.lastMs = timeMs;
    }
    return this.value;
  }

  add(timeMs: number, halfLifeMs: number, amount = 1): number {
    this.at(timeMs, halfLifeMs);
    this.value += amount;
    return this.value;
  }

  toJSON(): [number, number] {
    return [this.value, this.lastMs];
  }

  static from(data: unknown): DecayedCount {
    const c = new DecayedCount();
    if (Array.isArray(data)) {
      c.value = Number(data[0]) || 0;
      c.lastMs = Number(data[1]) || 0;
    }
    return c;
  }
}

/**
 * A histogram of decayed counts sharing one clock (all bins fade together). Instead of
 * multiplying every bin as time passes, new counts are added with a growing weight (`inc`),
 * which is the same up to a common factor: O(1) per update whatever the number of bins.
 */
export class DecayedHistogram {
  readonly bins: Float64Array;
  /** Sum of the bins, in the same inflated units. */
  total = 0;
  lastMs = 0;
  /** Weight of one count added now, relative to the bins' units. */
  inc = 1;

  constructor(size: number) {
    this.bins = new Float64Array(size);
  }

  at(timeMs: number, halfLifeMs: number): void {
    if (timeMs <= this.lastMs) return;
    if (this.total !== 0) {
      this.inc /= decayFactor(timeMs - this.lastMs, halfLifeMs);
      if (this.inc > 1e100) this.renormalise();
    } else this.inc = 1;
    this.lastMs = timeMs;
  }

  add(bin: number, timeMs: number, halfLifeMs: number): void {
    this.at(timeMs, halfLifeMs);
    this.bins[bin] += this.inc;
    this.total += this.inc;
  }

  /** Adds one count at the time of the last `at`. */
  put(bin: number): void {
    this.bins[bin] += this.inc;
    this.total += this.inc;
  }

  /** Adds `weight` counts at the time of the last `at`. */
  putWeighted(bin: number, weight: number): void {
    const w = weight * this.inc;
    this.bins[bin] += w;
    this.total += w;
  }

  /** Decayed count in bins [from, to] inclusive. */
  mass(from: number, to: number): number {
    let m = 0;
    for (let i = from; i <= to; i++) m += this.bins[i];
    return m / this.inc;
  }

  /** Decayed count in all bins. */
  count(): number {
    return this.total / this.inc;
  }

  private renormalise(): void {
    const f = 1 / this.inc;
    for (let i = 0; i < this.bins.length; i++) this.bins[i] *= f;
    this.total *= f;
    this.inc = 1;
  }

  copyFrom(other: DecayedHistogram): void {
    this.bins.set(other.bins);
    this.total = other.total;
    this.lastMs = other.lastMs;
    this.inc = other.inc;
  }

  /** The exact state (bins in their inflated units with `inc`), so a restore continues identically. */
  toJSON(): { bins: number[]; total: number; lastMs: number; inc: number } {
    return { bins: Array.from(this.bins), total: this.total, lastMs: this.lastMs, inc: this.inc };
  }

  static from(data: unknown, size: number): DecayedHistogram {
    const h = new DecayedHistogram(size);
    const d = data as { bins?: unknown; total?: unknown; lastMs?: unknown; inc?: unknown } | undefined;
    if (d && Array.isArray(d.bins)) {
      for (let i = 0; i < size && i < d.bins.length; i++) h.bins[i] = Number(d.bins[i]) || 0;
      h.total = Number(d.total) || 0;
      h.lastMs = Number(d.lastMs) || 0;
      h.inc = Number(d.inc) || 1;
    }
    return h;
  }
}
