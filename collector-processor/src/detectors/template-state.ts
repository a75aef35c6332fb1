import { DecayedCount, DecayedHistogram } from './decay.js';
import { hash32 } from './input.js';
import { ParamStat } from './param-stat.js';

/** Everything the detectors learned about one template of one service. */
export class TemplateState {
  readonly id: string;
  /** Numeric hash of the id, for transition keys. */
  readonly h32: number;
  firstMs = 0;
  lastMs = 0;
  /** Rarity: occurrences, fading with the rarity half-life. */
  readonly count = new DecayedCount();
  /** Severity: levels this template logged at (7 bins, see severityLevel). */
  readonly levels = new DecayedHistogram(7);
  /** Volume: recent (short window) and baseline (long window) occurrence counts. */
  readonly recent = new DecayedCount();
  readonly baseline = new DecayedCount();
  /** Volume: running mean of the gaps between its last few occurrences (ms), -1 before two. */
  gapMean = -1;
  /** Parameters: by position of `<*>`, then numeric attributes by route (or '') and key. */
  params: (ParamStat | null)[] = [];
  attrs: Map<string, Map<string, ParamStat>> | null = null;
  /** Sequence: successors seen after this template, in the service stream and within traces. */
  succTotal = 0;
  succDistinct = 0;
  traceSuccTotal = 0;
  traceSuccDistinct = 0;

  constructor(id: string) {
    this.id = id;
    this.h32 = hash32(id);
  }

  toJSON(): unknown {
    return {
      id: this.id,
      t: [this.firstMs, this.lastMs],
      c: this.count.toJSON(),
      l: this.levels.toJSON(),
      r: this.recent.toJSON(),
      b: this.baseline.toJSON(),
      g: this.gapMean,
      p: this.params.map((p) => (p === null ? null : p.toJSON())),
      a: this.attrs === null ? null : [...this.attrs].map(([route, m]) => [route, [...m].map(([k, v]) => [k, v.toJSON()])]),
      s: [this.succTotal, this.succDistinct, this.traceSuccTotal, this.traceSuccDistinct],
    };
  }

  static from(data: unknown): TemplateState {
    const d = data as Record<string, unknown>;
    const t = new TemplateState(String(d.id));
    const times = d.t as number[];
    t.firstMs = times[0];
    t.lastMs = times[1];
    Object.assign(t.count, DecayedCount.from(d.c));
    t.levels.copyFrom(DecayedHistogram.from(d.l, 7));
    Object.assign(t.recent, DecayedCount.from(d.r));
    Object.assign(t.baseline, DecayedCount.from(d.b));
    t.gapMean = typeof d.g === 'number' ? d.g : -1;
    t.params = (d.p as unknown[]).map((p) => (p === null ? null : ParamStat.from(p)));
    if (Array.isArray(d.a)) {
      t.attrs = new Map((d.a as [string, [string, unknown][]][]).map(([route, m]) => [route, new Map(m.map(([k, v]) => [k, ParamStat.from(v)]))]));
    }
    const s = d.s as number[];
    [t.succTotal, t.succDistinct, t.traceSuccTotal, t.traceSuccDistinct] = s;
    return t;
  }
}
