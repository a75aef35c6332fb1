import type { DetectorConfig } from './config.js';
import { D_FOREST, D_PARAMS, D_RARITY, D_SEQUENCE, D_SEVERITY, D_VOLUME, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import { IsolationForest } from './isolation-forest.js';
import { Random } from './random.js';
import { surprise } from './tails.js';

/** Features: the five detectors' surprises, the severity level and how common the template is. */
export const FOREST_DIMS = 7;

/**
 * The isolation forest over the combined features, shared by all services (the features are
 * already per-service tail probabilities, so they mean the same everywhere). It is retrained
 * every `forestRetrainEvery` records on a reservoir sample of recent feature vectors, and its
 * raw score is turned into a tail probability against the scores of that training sample.
 * It catches records that are unusual in combination though no single detector is sure.
 */
export class ForestDetector {
  private readonly cfg: DetectorConfig;
  private readonly random: Random;
  private readonly reservoir: Float64Array;
  private filled = 0;
  private seen = 0;
  private sinceFit = 0;
  private forest: IsolationForest | null = null;
  /** Scores of the training sample, ascending: the reference for tail probabilities. */
  private reference = new Float64Array(0);
  private readonly point = new Float64Array(FOREST_DIMS);

  constructor(cfg: DetectorConfig) {
    this.cfg = cfg;
    this.random = new Random(cfg.seed);
    this.reservoir = new Float64Array(cfg.forestReservoir * FOREST_DIMS);
  }

  detect(ev: Evidence, level: number, templateCount: number): void {
    const x = this.point;
    const sp = ev.surprise;
    x[0] = sp[D_RARITY];
    x[1] = sp[D_VOLUME];
    x[2] = sp[D_SEVERITY];
    x[3] = sp[D_PARAMS];
    x[4] = sp[D_SEQUENCE];
    x[5] = level;
    x[6] = Math.log2(templateCount + 1);
    // Records with no evidence at all and an ordinary level sit in the dense normal region,
    // where the forest's tail probability is near 1: skip the trees for them (most records).
    const quiet = level <= 3 && x[0] < 1 && x[1] < 1 && x[2] < 1 && x[3] < 1 && x[4] < 1;
    if (this.forest !== null && !quiet) {
      const score = this.forest.score(x);
      const p = this.tail(score);
      const s = surprise(p);
      sp[D_FOREST] = s;
      if (s >= REASON_MIN_SURPRISE) ev.reasons[D_FOREST] = `unusual combination of features (isolation score ${score.toFixed(2)})`;
    }
    this.sample(x);
  }

  /** Share of the training sample scoring at least `score`, with a +1 prior. */
  private tail(score: number): number {
    const ref = this.reference;
    let lo = 0;
    let hi = ref.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ref[mid] < score) lo = mid + 1;
      else hi = mid;
    }
    return (ref.length - lo + 1) / (ref.length + 1);
  }

  private sample(x: Float64Array): void {
    this.seen++;
    const capacity = this.cfg.forestReservoir;
    let row = -1;
    if (this.filled < capacity) row = this.filled++;
    else {
      const j = this.random.int(this.seen);
      if (j < capacity) row = j;
    }
    if (row >= 0) this.reservoir.set(x, row * FOREST_DIMS);
    if (++this.sinceFit >= this.cfg.forestRetrainEvery && this.filled >= this.cfg.forestSampleSize) this.fit();
    else if (this.forest === null && this.filled >= Math.max(this.cfg.forestSampleSize, capacity >> 1)) this.fit();
  }

  private fit(): void {
    this.sinceFit = 0;
    const forest = new IsolationForest(FOREST_DIMS, this.cfg.forestTrees, this.cfg.forestSampleSize);
    forest.fit(this.reservoir, this.filled, this.random);
    const ref = new Float64Array(this.filled);
    for (let i = 0; i < this.filled; i++) ref[i] = forest.score(this.reservoir, i * FOREST_DIMS);
    ref.sort();
    this.forest = forest;
    this.reference = ref;
  }

  toJSON(): unknown {
    return {
      rng: this.random.state,
      filled: this.filled,
      seen: this.seen,
      sinceFit: this.sinceFit,
      reservoir: Array.from(this.reservoir.subarray(0, this.filled * FOREST_DIMS)),
      forest: this.forest === null ? null : this.forest.toJSON(),
      reference: Array.from(this.reference),
    };
  }

  restore(data: unknown): void {
    const d = data as { rng: number; filled: number; seen: number; sinceFit: number; reservoir: number[]; forest: unknown; reference: number[] };
    this.random.state = d.rng;
    this.filled = Math.min(d.filled, this.cfg.forestReservoir);
    this.seen = d.seen;
    this.sinceFit = d.sinceFit;
    this.reservoir.set(d.reservoir.slice(0, this.filled * FOREST_DIMS));
    if (d.forest !== null) {
      const forest = new IsolationForest(FOREST_DIMS, this.cfg.forestTrees, this.cfg.forestSampleSize);
      forest.restore(d.forest);
      this.forest = forest;
    }
    this.reference = Float64Array.from(d.reference);
  }
}
