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

/** A histogram of decayed counts sharing one clock (all bins fade together). */
export class DecayedHistogram {
  readonly bins: Float64Array;
  total = 0;
  lastMs = 0;

  constructor(size: number) {
    this.bins = new Float64Array(size);
  }

  at(timeMs: number, halfLifeMs: number): void {
    if (timeMs <= this.lastMs) return;
    if (this.total !== 0) {
      const f = decayFactor(timeMs - this.lastMs, halfLifeMs);
      const bins = this.bins;
      for (let i = 0; i < bins.length; i++) bins[i] *= f;
      this.total *= f;
    }
    this.lastMs = timeMs;
  }

  add(bin: number, timeMs: number, halfLifeMs: number): void {
    this.at(timeMs, halfLifeMs);
    this.bins[bin] += 1;
    this.total += 1;
  }

  /** Mass of bins [from, to] inclusive. */
  mass(from: number, to: number): number {
    let m = 0;
    for (let i = from; i <= to; i++) m += this.bins[i];
    return m;
  }

  copyFrom(other: DecayedHistogram): void {
    this.bins.set(other.bins);
    this.total = other.total;
    this.lastMs = other.lastMs;
  }

  toJSON(): { bins: number[]; total: number; lastMs: number } {
    return { bins: Array.from(this.bins), total: this.total, lastMs: this.lastMs };
  }

  static from(data: unknown, size: number): DecayedHistogram {
    const h = new DecayedHistogram(size);
    const d = data as { bins?: unknown; total?: unknown; lastMs?: unknown } | undefined;
    if (d && Array.isArray(d.bins)) {
      for (let i = 0; i < size && i < d.bins.length; i++) h.bins[i] = Number(d.bins[i]) || 0;
      h.total = Number(d.total) || 0;
      h.lastMs = Number(d.lastMs) || 0;
    }
    return h;
  }
}
