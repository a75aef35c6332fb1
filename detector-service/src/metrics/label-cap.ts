/**
 * Top-K cap for one unbounded label (service, client, server). The first K values are admitted;
 * later values report as `other` while their counts are tracked in a K-slot Misra-Gries sketch
 * (amortised O(1) per value, unlike a min-scan).
 * Every re-rank swaps in candidates that were busier than the quietest admitted values during
 * the last window, and tells the owner to remove the evicted value's series.
 */
export const OTHER = 'other';

export class LabelCap {
  private readonly admitted = new Map<string, number>();
  private readonly candidates = new Map<string, number>();
  /** Values folded into `other` since start. */
  overflow = 0;

  constructor(
    readonly label: string,
    readonly limit: number,
    private readonly onEvict: (value: string) => void,
    private readonly onOverflow: (label: string, count: number) => void = () => undefined,
  ) {}

  /** The label value to report for `value`, counting `weight` occurrences. */
  map(value: string, weight = 1): string {
    const seen = this.admitted.get(value);
    if (seen !== undefined) {
      this.admitted.set(value, seen + weight);
      return value;
    }
    if (this.admitted.size < this.limit) {
      this.admitted.set(value, weight);
      return value;
    }
    this.track(value, weight);
    this.overflow += weight;
    this.onOverflow(this.label, weight);
    return OTHER;
  }

  private track(value: string, weight: number): void {
    const count = this.candidates.get(value);
    if (count !== undefined) {
      this.candidates.set(value, count + weight);
      return;
    }
    if (this.candidates.size < this.limit) {
      this.candidates.set(value, weight);
      return;
    }
    // Misra-Gries: a newcomer to a full sketch takes `weight` from everyone instead of a slot.
    // Each such pass removes as much count as it costs, so the work is amortised O(1).
    for (const [k, c] of this.candidates) {
      if (c <= weight) this.candidates.delete(k);
      else this.candidates.set(k, c - weight);
    }
  }

  /** Promotes candidates busier than the quietest admitted values; starts a new counting window. */
  rerank(): string[] {
    const evicted: string[] = [];
    if (this.candidates.size > 0) {
      const rising = [...this.candidates].sort((a, b) => b[1] - a[1]);
      const quiet = [...this.admitted].sort((a, b) => a[1] - b[1]);
      let qi = 0;
      for (const [value, count] of rising) {
        if (qi >= quiet.length || count <= quiet[qi][1]) break;
        const [out] = quiet[qi++];
        this.admitted.delete(out);
        this.admitted.set(value, 0);
        evicted.push(out);
      }
    }
    for (const key of this.admitted.keys()) this.admitted.set(key, 0);
    this.candidates.clear();
    for (const value of evicted) this.onEvict(value);
    return evicted;
  }

  admittedValues(): string[] {
    return [...this.admitted.keys()];
  }
}
