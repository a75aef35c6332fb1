import { describe, expect, it } from 'vitest';
import { LabelCap, OTHER } from './label-cap.js';

describe('top-K label cap', () => {
  it('admits K values, folds the rest into other and counts the overflow', () => {
    const cap = new LabelCap('service', 2, () => undefined);
    expect(cap.map('a')).toBe('a');
    expect(cap.map('b')).toBe('b');
    expect(cap.map('c')).toBe(OTHER);
    expect(cap.map('a')).toBe('a');
    expect(cap.overflow).toBe(1);
  });

  it('swaps in a value that became busier than an admitted one, and evicts the quiet one', () => {
    const evicted: string[] = [];
    const cap = new LabelCap('service', 2, (v) => evicted.push(v));
    cap.map('early-quiet');
    cap.map('steady', 50);
    cap.map('rising', 40);
    expect(cap.map('rising')).toBe(OTHER);
    expect(cap.rerank()).toEqual(['early-quiet']);
    expect(evicted).toEqual(['early-quiet']);
    expect(cap.admittedValues().sort()).toEqual(['rising', 'steady']);
    expect(cap.map('rising')).toBe('rising');
    expect(cap.map('early-quiet')).toBe(OTHER);
  });

  it('keeps its candidate sketch bounded by K whatever the number of distinct values', () => {
    const cap = new LabelCap('client', 3, () => undefined);
    for (let i = 0; i < 10_000; i++) cap.map(`10.0.${i >> 8}.${i & 255}`);
    expect(cap.admittedValues()).toHaveLength(3);
    expect((cap as unknown as { candidates: Map<string, number> }).candidates.size).toBeLessThanOrEqual(3);
  });
});
