/**
 * The soak's verdict on memory: a sawtooth that stops climbing has levelled off; one whose peaks
 * or typical level keep rising has not, whatever its average slope over a short window says.
 */
import { describe, expect, it } from 'vitest';
import { levelling, slopeMbPerMinute } from '../src/cli/commands/soak.js';

/** RSS every 5 s for `seconds`, from `rss(t)`. */
const samples = (seconds: number, rss: (t: number) => number) => Array.from({ length: seconds / 5 }, (_, i) => ({ seconds: (i + 1) * 5, rssMb: rss((i + 1) * 5) }));

describe('soak levelling', () => {
  it('accepts a sawtooth whose peaks and floors stay put after warm-up', () => {
    // Warm-up climb to 1000 MB, then GC cycles of 60 s between 1000 and 1300 MB.
    const s = samples(600, (t) => (t < 120 ? 200 + (800 * t) / 120 : 1000 + 5 * (t % 60)));
    expect(levelling(s, 600, 2).levelledOff).toBe(true);
  });

  it('refuses a sawtooth whose floor keeps rising (a leak under the garbage)', () => {
    const s = samples(600, (t) => 1000 + t * 0.5 + 5 * (t % 60)); // +30 MB/min under the cycles
    const verdict = levelling(s, 600, 2);
    expect(verdict.levelledOff).toBe(false);
    expect(verdict.lastQuarter!.floorMb).toBeGreaterThan(verdict.thirdQuarter!.floorMb);
  });

  it('is not thrown by one sample caught just after a full collection', () => {
    // Flat at 600 MB with noise, but one sample of the third quarter dips to 560 MB (a soak run
    // judged on floors failed on exactly this).
    const s = samples(600, (t) => (t < 60 ? 240 + 6 * t : t === 395 ? 560 : 595 + (t % 3)));
    const verdict = levelling(s, 600, 2);
    expect(verdict.thirdQuarter!.floorMb).toBe(560);
    expect(verdict.levelledOff).toBe(true);
  });

  it('refuses a steady climb, and too short a run to judge', () => {
    expect(levelling(samples(600, (t) => 300 + t), 600, 2).levelledOff).toBe(false);
    expect(levelling(samples(10, () => 300), 10, 2).levelledOff).toBe(false);
  });

  it('measures the slope in MB per minute', () => {
    expect(slopeMbPerMinute(samples(300, (t) => 100 + t / 2))).toBeCloseTo(30, 6);
    expect(slopeMbPerMinute(samples(300, () => 512))).toBe(0);
  });
});
