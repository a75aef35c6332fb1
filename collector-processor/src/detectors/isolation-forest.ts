import type { Random } from './random.js';

/** Average path length of an unsuccessful search in a binary search tree of n points, c(n). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

/**
 * An isolation forest (Liu, Ting and Zhou, 2008) over fixed-width feature vectors, with each
 * tree stored in flat typed arrays so scoring is a tight loop without allocation. Points are
 * rows of a Float64Array (row-major, `dims` columns).
 */
export class IsolationForest {
  readonly dims: number;
  readonly trees: number;
  readonly sampleSize: number;
  /** Per node: split feature (-1 for a leaf), split value, children, and for leaves c(size). */
  private feature: Int16Array;
  private split: Float64Array;
  /**
   * Node n's left child at 2n, its right child at 2n + 1: scoring picks one by index arithmetic
   * rather than a branch on which side a point falls (a branch the processor mostly mispredicts).
   */
  private children: Int32Array;
  private leafDepth: Float64Array;
  private roots: Int32Array;
  private nodes = 0;
  private readonly norm: number;

  constructor(dims: number, trees: number, sampleSize: number) {
    this.dims = dims;
    this.trees = trees;
    this.sampleSize = sampleSize;
    const maxNodes = trees * (2 * sampleSize);
    this.feature = new Int16Array(maxNodes);
    this.split = new Float64Array(maxNodes);
    this.children = new Int32Array(2 * maxNodes);
    this.leafDepth = new Float64Array(maxNodes);
    this.roots = new Int32Array(trees);
    this.norm = averagePathLength(sampleSize);
  }

  /** Grows every tree on a random subsample of the `count` rows of `data`. */
  fit(data: Float64Array, count: number, random: Random): void {
    this.nodes = 0;
    const n = Math.min(this.sampleSize, count);
    const heightLimit = Math.ceil(Math.log2(Math.max(n, 2)));
    const idx = new Int32Array(n);
    const all = new Int32Array(count);
    for (let t = 0; t < this.trees; t++) {
      // Partial Fisher-Yates over row numbers for a sample without replacement.
      for (let i = 0; i < count; i++) all[i] = i;
      for (let i = 0; i < n; i++) {
        const j = i + random.int(count - i);
        const tmp = all[i];
        all[i] = all[j];
        all[j] = tmp;
        idx[i] = all[i];
      }
      this.roots[t] = this.grow(data, idx, 0, n, 0, heightLimit, random);
    }
  }

  private grow(data: Float64Array, idx: Int32Array, from: number, to: number, depth: number, limit: number, random: Random): number {
    const node = this.nodes++;
    const size = to - from;
    if (depth >= limit || size <= 1) return this.leaf(node, size);
    // Pick a feature with spread among the node's points (a few tries), then a uniform split.
    const dims = this.dims;
    for (let attempt = 0; attempt < dims; attempt++) {
      const f = random.int(dims);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = from; i < to; i++) {
        const v = data[idx[i] * dims + f];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi <= lo) continue;
      const value = lo + random.next() * (hi - lo);
      let mid = from;
      for (let i = from; i < to; i++) {
        if (data[idx[i] * dims + f] < value) {
          const tmp = idx[i];
          idx[i] = idx[mid];
          idx[mid] = tmp;
          mid++;
        }
      }
      this.feature[node] = f;
      this.split[node] = value;
      this.children[2 * node] = this.grow(data, idx, from, mid, depth + 1, limit, random);
      this.children[2 * node + 1] = this.grow(data, idx, mid, to, depth + 1, limit, random);
      return node;
    }
    return this.leaf(node, size);
  }

  private leaf(node: number, size: number): number {
    this.feature[node] = -1;
    this.leafDepth[node] = averagePathLength(size);
    return node;
  }

  /** The trained trees as plain data. */
  toJSON(): unknown {
    const n = this.nodes;
    return {
      nodes: n,
      feature: Array.from(this.feature.subarray(0, n)),
      split: Array.from(this.split.subarray(0, n)),
      left: Array.from({ length: n }, (_, i) => this.children[2 * i]),
      right: Array.from({ length: n }, (_, i) => this.children[2 * i + 1]),
      leafDepth: Array.from(this.leafDepth.subarray(0, n)),
      roots: Array.from(this.roots),
    };
  }

  restore(data: unknown): void {
    const d = data as { nodes: number; feature: number[]; split: number[]; left: number[]; right: number[]; leafDepth: number[]; roots: number[] };
    this.nodes = d.nodes;
    this.feature.set(d.feature);
    this.split.set(d.split);
    d.left.forEach((child, i) => (this.children[2 * i] = child));
    d.right.forEach((child, i) => (this.children[2 * i + 1] = child));
    this.leafDepth.set(d.leafDepth);
    this.roots.set(d.roots);
  }

  /** Anomaly score in (0, 1): 2^(-E[h(x)] / c(sampleSize)); about 0.5 is ordinary, near 1 isolated. */
  score(point: Float64Array, offset = 0): number {
    let total = 0;
    const feature = this.feature;
    const split = this.split;
    const children = this.children;
    for (let t = 0; t < this.trees; t++) {
      let node = this.roots[t];
      let depth = 0;
      while (feature[node] >= 0) {
        node = children[2 * node + (point[offset + feature[node]] < split[node] ? 0 : 1)];
        depth++;
      }
      total += depth + this.leafDepth[node];
    }
    return Math.pow(2, -total / this.trees / this.norm);
  }
}
