/** Counts of what bounded stores dropped or merged, by store name (e.g. 'templates.evicted'). */
export class CapCounters {
  readonly counts = new Map<string, number>();

  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
}
