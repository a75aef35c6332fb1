import { describe, expect, it } from 'vitest';
import { niceTicks, shortCount, timeTicks } from './ticks.js';

describe('niceTicks', () => {
  it('covers 0..max with round steps', () => {
    expect(niceTicks(10, 4)).toEqual([0, 5, 10]);
    expect(niceTicks(0.9, 4)).toEqual([0, 0.5]);
    expect(niceTicks(37, 4)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(NaN)).toEqual([0]);
  });
});

describe('timeTicks', () => {
  it('picks a readable step within the tick budget', () => {
    const ticks = timeTicks(0, 3_600_000, 6);
    expect(ticks).toEqual([0, 900_000, 1_800_000, 2_700_000, 3_600_000]);
    expect(timeTicks(5, 5, 4)).toEqual([]);
  });
});

describe('shortCount', () => {
  it('abbreviates large counts', () => {
    expect(shortCount(950)).toBe('950');
    expect(shortCount(1234)).toBe('1.2k');
    expect(shortCount(34_000)).toBe('34k');
    expect(shortCount(5_600_000)).toBe('5.6M');
    expect(shortCount(2.25)).toBe('2.3');
  });
});
