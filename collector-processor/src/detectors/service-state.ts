import { Calibration } from './calibration.js';
import { DecayedCount, DecayedHistogram } from './decay.js';
import { TemplateState } from './template-state.js';

export const RARITY_BUCKETS = 16;
/** Records whose arrival times measure a service's current rate. */
export const ARRIVALS = 32;

/** Recent and baseline counts of one template variant (template + categorical parameters). */
export class VariantRate {
  readonly firstMs: number;
  readonly recent = new DecayedCount();
  readonly baseline = new DecayedCount();
  /** Running mean of the gaps between its last few occurrences (ms), -1 before two (see volume.ts). */
  gapMean = -1;

  constructor(firstMs: number) {
    this.firstMs = firstMs;
  }

  /** Saved as [key, firstMs, recent, baseline, gapMean]. */
  static entriesToJSON(rates: ReadonlyMap<number, VariantRate>): unknown[] {
    return [...rates].map(([k, v]) => [k, v.firstMs, v.recent.toJSON(), v.baseline.toJSON(), v.gapMean]);
  }

  /** Reads entriesToJSON's form into `into`; gapMean may be absent (snapshots from before it was saved). */
  static readEntries(entries: readonly unknown[], into: Map<number, VariantRate>): void {
    for (const [k, first, recent, baseline, gapMean] of entries as [number, number, unknown, unknown, number?][]) {
      const v = new VariantRate(first);
      Object.assign(v.recent, DecayedCount.from(recent));
      Object.assign(v.baseline, DecayedCount.from(baseline));
      if (typeof gapMean === 'number') v.gapMean = gapMean;
      into.set(k, v);
    }
  }
}

/** Everything the detectors learned about one service. */
export class ServiceState {
  readonly name: string;
  firstMs = 0;
  lastMs = 0;
  /** Records seen (not decayed): drives the warm-up. */
  records = 0;
  readonly templates = new Map<string, TemplateState>();
  /** Rarity: recent records by how often their template had been seen before (log2 buckets). */
  readonly rarity = new DecayedHistogram(RARITY_BUCKETS);
  /** Severity levels by source: '' is the whole service, other keys its components. */
  readonly levels = new Map<string, DecayedHistogram>();
  /** Volume: arrivals (requests, or records without a trace; see volume.ts) and error records, recent and baseline. */
  readonly recent = new DecayedCount();
  readonly baseline = new DecayedCount();
  readonly errorsRecent = new DecayedCount();
  readonly errorsBaseline = new DecayedCount();
  /**
   * How surprising this service's bursts and lulls usually are (template, error and service
   * rate, template variants), so a naturally bursty service is judged against its own
   * burstiness and not against a Poisson ideal (see calibration.ts).
   */
  burstRatios = new Calibration();
  errorRatios = new Calibration();
  rateRatios = new Calibration();
  variantRatios = new Calibration();
  /** Volume of template variants by hash (see volume.ts). */
  readonly variants = new Map<number, VariantRate>();
  /** Volume of a template per client address named in the attributes (see volume.ts), and how bursty those usually are. */
  readonly clients = new Map<number, VariantRate>();
  clientRatios = new Calibration();
  /** Times of the last ARRIVALS arrivals (a ring; `arrivalCount` arrivals seen into it): the recent rate without a window's lag. */
  readonly arrivals = new Float64Array(ARRIVALS);
  /** The service's latest verdict on its own rate: a drop's evidence in decades (0: none), its callees read it. */
  dropDecades = 0;
  /** The trace of each arrival (a hash, 0 for none): a request's further records are not new arrivals. */
  readonly arrivalTraces = new Int32Array(ARRIVALS);
  arrivalCount = 0;
  /** Time of day: records per hour of day (UTC), averaged over days, and days seen per hour. */
  readonly hourlyRate = new Float64Array(24);
  readonly hourlyDays = new Float64Array(24);
  hourStartMs = -1;
  hourCount = 0;
  /** Sequence: the previous template, transition counts keyed by hash pair, last template per trace. */
  last: TemplateState | null = null;
  readonly transitions = new Map<number, number>();
  /**
   * Last template per trace: a direct-mapped table keyed by a hash of the trace id (no strings
   * kept, no map churn); a trace whose slot is taken by a newer one is forgotten.
   */
  private traces: { keys: Int32Array; last: (TemplateState | null)[] } | null = null;

  traceTable(capacity: number): { keys: Int32Array; last: (TemplateState | null)[] } {
    if (this.traces === null) {
      let size = 16;
      while (size < capacity) size <<= 1;
      this.traces = { keys: new Int32Array(size), last: new Array<TemplateState | null>(size).fill(null) };
    }
    return this.traces;
  }

  /** Forgets trace slots pointing at templates that were evicted. */
  dropTraceTemplates(keep: (t: TemplateState) => boolean): void {
    if (this.traces === null) return;
    const { keys, last } = this.traces;
    for (let i = 0; i < last.length; i++) {
      const t = last[i];
      if (t !== null && !keep(t)) {
        last[i] = null;
        keys[i] = 0;
      }
    }
  }

  constructor(name: string) {
    this.name = name;
  }

  /**
   * A time constant for this service: the configured one, stretched to `records` mean gaps
   * between its records when the service is so sparse that the configured window would hold too
   * few of them to estimate anything (a rate needs events to average over).
   */
  timeScale(configuredMs: number, records: number): number {
    if (this.records < 2) return configuredMs;
    const gap = (this.lastMs - this.firstMs) / (this.records - 1);
    const stretched = gap * records;
    return stretched > configuredMs ? stretched : configuredMs;
  }

  toJSON(): unknown {
    return {
      name: this.name,
      t: [this.firstMs, this.lastMs, this.records],
      templates: [...this.templates.values()].map((t) => t.toJSON()),
      rarity: this.rarity.toJSON(),
      levels: [...this.levels].map(([k, v]) => [k, v.toJSON()]),
      volume: [this.recent.toJSON(), this.baseline.toJSON(), this.errorsRecent.toJSON(), this.errorsBaseline.toJSON()],
      ratios: [this.burstRatios.toJSON(), this.errorRatios.toJSON(), this.rateRatios.toJSON(), this.variantRatios.toJSON()],
      variants: VariantRate.entriesToJSON(this.variants),
      clients: VariantRate.entriesToJSON(this.clients),
      clientRatios: this.clientRatios.toJSON(),
      arrivals: [Array.from(this.arrivals), this.arrivalCount, Array.from(this.arrivalTraces)],
      hourly: [Array.from(this.hourlyRate), Array.from(this.hourlyDays), this.hourStartMs, this.hourCount],
      last: this.last === null ? null : this.last.id,
      transitions: [...this.transitions],
      traces: this.traces === null ? null : [Array.from(this.traces.keys), this.traces.last.map((t) => (t === null ? null : t.id))],
    };
  }

  static from(data: unknown): ServiceState {
    const d = data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const s = new ServiceState(String(d.name));
    [s.firstMs, s.lastMs, s.records] = d.t as number[];
    for (const t of d.templates as unknown[]) {
      const ts = TemplateState.from(t);
      s.templates.set(ts.id, ts);
    }
    s.rarity.copyFrom(DecayedHistogram.from(d.rarity, RARITY_BUCKETS));
    for (const [k, v] of d.levels as [string, unknown][]) s.levels.set(k, DecayedHistogram.from(v, 7));
    const counts = [s.recent, s.baseline, s.errorsRecent, s.errorsBaseline];
    (d.volume as unknown[]).forEach((v, i) => Object.assign(counts[i], DecayedCount.from(v)));
    const ratios = d.ratios as unknown[];
    s.burstRatios = Calibration.from(ratios[0]);
    s.errorRatios = Calibration.from(ratios[1]);
    s.rateRatios = Calibration.from(ratios[2]);
    s.variantRatios = Calibration.from(ratios[3]);
    VariantRate.readEntries(d.variants as unknown[], s.variants);
    // Snapshots from before per-client rates have neither field.
    VariantRate.readEntries((d.clients ?? []) as unknown[], s.clients);
    if (d.clientRatios !== undefined) s.clientRatios = Calibration.from(d.clientRatios);
    if (Array.isArray(d.arrivals)) {
      const [times, count, traces] = d.arrivals as [number[], number, number[]?];
      s.arrivals.set(times.slice(0, ARRIVALS));
      s.arrivalCount = count;
      if (Array.isArray(traces)) s.arrivalTraces.set(traces.slice(0, ARRIVALS));
    }
    const [rate, days, hourStart, hourCount] = d.hourly as [number[], number[], number, number];
    s.hourlyRate.set(rate);
    s.hourlyDays.set(days);
    s.hourStartMs = hourStart;
    s.hourCount = hourCount;
    s.last = d.last === null ? null : (s.templates.get(String(d.last)) ?? null);
    for (const [k, v] of d.transitions as [number, number][]) s.transitions.set(k, v);
    if (Array.isArray(d.traces)) {
      const [keys, ids] = d.traces as [number[], (string | null)[]];
      s.traces = { keys: Int32Array.from(keys), last: ids.map((id) => (id === null ? null : (s.templates.get(id) ?? null))) };
    }
    return s;
  }
}
