import { describe, expect, it } from 'vitest';
import { Calibration, CALIBRATION_LAG_WINDOWS, ratioBin } from './calibration.js';

const HS = 30_000;
const DAY = 24 * 3600_000;
const NORMAL = ratioBin(10, 10);
const LULL = ratioBin(1, 10);
const HUGE = 50;

/** One observation per `gapMs` at `bin` from `fromMs` for `forMs`; the last judged surprise. */
function run(c: Calibration, bin: number, fromMs: number, forMs: number, gapMs: number, usualGapMs = gapMs): number {
  let s = 0;
  for (let t = fromMs; t < fromMs + forMs; t += gapMs) s = c.judge(HUGE, bin, false, t, HS, DAY, usualGapMs);
  return s;
}

describe('rate calibration', () => {
  it('judges a lull by how often the service was that low before it, not by the lull itself', () => {
    const c = new Calibration();
    run(c, NORMAL, 0, 3600_000, 200);
    const first = c.judge(HUGE, LULL, false, 3600_000, HS, DAY, 200);
    // Four minutes of lull, observed as densely as normal time: without the lag the lull would
    // teach itself that lulls are common within a minute or two.
    const later = run(c, LULL, 3600_200, 4 * 60_000, 200);
    expect(first).toBeGreaterThan(3);
    expect(later).toBeCloseTo(first, 1);
  });

  it('learns a recurring state once it is older than the lag', () => {
    const c = new Calibration();
    run(c, NORMAL, 0, 3600_000, 200);
    const fresh = c.judge(HUGE, LULL, false, 3600_000, HS, DAY, 200);
    const lagMs = 2 * CALIBRATION_LAG_WINDOWS * HS;
    const learnt = run(c, LULL, 3600_200, lagMs + 30 * 60_000, 200);
    expect(learnt).toBeLessThan(fresh - 1);
  });

  it("weighs a lull's sparse records by the service's usual gap, not by the time they span", () => {
    const sparse = new Calibration();
    const dense = new Calibration();
    for (const c of [sparse, dense]) run(c, NORMAL, 0, 3600_000, 200);
    // Ten minutes of lull with one record a minute, then well past the lag.
    run(sparse, LULL, 3600_000, 600_000, 60_000, 200);
    run(dense, LULL, 3600_000, 600_000, 60_000, 60_000);
    const after = 3600_000 + 600_000;
    run(sparse, NORMAL, after, 3600_000, 200);
    run(dense, NORMAL, after, 3600_000, 200);
    const t = after + 3600_000;
    expect(sparse.judge(HUGE, LULL, false, t, HS, DAY, 200)).toBeGreaterThan(dense.judge(HUGE, LULL, false, t, HS, DAY, 200) + 1);
  });

  it('never says more than the Poisson surprise, and restores exactly from its JSON', () => {
    const c = new Calibration();
    run(c, NORMAL, 0, 1800_000, 500);
    expect(c.judge(0.7, ratioBin(30, 10), true, 1800_000, HS, DAY, 500)).toBe(0.7);
    const copy = Calibration.from(JSON.parse(JSON.stringify(c.toJSON())));
    for (let t = 1800_500; t < 2400_000; t += 500) {
      const bin = t % 7000 < 500 ? ratioBin(40, 10) : NORMAL;
      expect(copy.judge(HUGE, bin, true, t, HS, DAY, 500)).toBe(c.judge(HUGE, bin, true, t, HS, DAY, 500));
    }
  });
});
