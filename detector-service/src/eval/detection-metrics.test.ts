import { describe, expect, it } from 'vitest';
import { averagePrecision, detectionScores, median } from './detection-metrics.js';

describe('detection metrics', () => {
  it('computes precision, recall and F1 of the flags', () => {
    const s = detectionScores([0.9, 0.8, 0.1, 0.7], [true, true, false, true], [true, false, false, true]);
    expect(s).toMatchObject({ positives: 2, flagged: 3, truePositives: 2, precision: 0.6667, recall: 1, f1: 0.8 });
  });

  it('gives average precision 1 for a perfect ranking and the base rate for a constant score', () => {
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [true, false, false, false])).toBeCloseTo(0.25);
    // Positives ranked 1st and 3rd: (1/1 + 2/3) / 2.
    expect(averagePrecision([0.9, 0.8, 0.7], [true, false, true])).toBeCloseTo((1 + 2 / 3) / 2);
  });

  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
