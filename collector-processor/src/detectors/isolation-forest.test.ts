import { describe, expect, it } from 'vitest';
import { IsolationForest } from './isolation-forest.js';
import { Random } from './random.js';

function cluster(n: number, random: Random): Float64Array {
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[2 * i] = random.next();
    data[2 * i + 1] = random.next();
  }
  return data;
}

describe('isolation forest', () => {
  it('scores an isolated point above every point of a dense cluster', () => {
    const random = new Random(11);
    const data = cluster(1000, random);
    const forest = new IsolationForest(2, 50, 256);
    forest.fit(data, 1000, random);
    const outlier = forest.score(Float64Array.of(6, 6));
    let maxInlier = 0;
    for (let i = 0; i < 1000; i++) maxInlier = Math.max(maxInlier, forest.score(data, 2 * i));
    expect(outlier).toBeGreaterThan(0.6);
    expect(outlier).toBeGreaterThan(maxInlier);
  });

  it('is deterministic for a seed and restores from its plain data', () => {
    const a = new IsolationForest(2, 10, 64);
    const b = new IsolationForest(2, 10, 64);
    a.fit(cluster(500, new Random(3)), 500, new Random(4));
    b.fit(cluster(500, new Random(3)), 500, new Random(4));
    const c = new IsolationForest(2, 10, 64);
    c.restore(JSON.parse(JSON.stringify(a.toJSON())));
    for (const p of [Float64Array.of(0.5, 0.5), Float64Array.of(3, -1)]) {
      expect(b.score(p)).toBe(a.score(p));
      expect(c.score(p)).toBe(a.score(p));
    }
  });

  it('saves each node\'s children as the left and right lists the state format has', () => {
    const forest = new IsolationForest(2, 3, 32);
    forest.fit(cluster(200, new Random(5)), 200, new Random(6));
    const saved = forest.toJSON() as { nodes: number; feature: number[]; left: number[]; right: number[] };
    expect(saved.left).toHaveLength(saved.nodes);
    expect(saved.right).toHaveLength(saved.nodes);
    let internal = 0;
    for (let i = 0; i < saved.nodes; i++) {
      if (saved.feature[i] < 0) continue;
      internal++;
      // Trees are grown depth first, left subtree first.
      expect(saved.left[i]).toBe(i + 1);
      expect(saved.right[i]).toBeGreaterThan(i + 1);
      expect(saved.right[i]).toBeLessThan(saved.nodes);
    }
    expect(internal).toBeGreaterThan(10);
  });
});
