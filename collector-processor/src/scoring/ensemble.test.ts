import { describe, expect, it } from 'vitest';
import { D_PARAMS, D_VOLUME, Evidence } from '../detectors/evidence.js';
import { compileScoring } from './config.js';
import { combine, reasonsOf, thresholdFor } from './ensemble.js';

const INFO = 3;
const FATAL = 6;

function evidence(volume: number, params = 0): Evidence {
  const ev = new Evidence();
  ev.surprise[D_VOLUME] = volume;
  ev.surprise[D_PARAMS] = params;
  return ev;
}

describe('ensemble score', () => {
  const s = compileScoring({ scaleDecades: 3, weights: { volume: 1, params: 1 }, floors: { volume: 0, params: 0 }, warmupRecords: 100 });

  it('reads evidence as log10 odds: 0.5 at `scale` decades, 0.9 one decade more, near 0 without any', () => {
    expect(combine(evidence(3), INFO, 1000, s)).toBeCloseTo(0.5);
    expect(combine(evidence(4), INFO, 1000, s)).toBeCloseTo(10 / 11);
    expect(combine(evidence(0), INFO, 1000, s)).toBeLessThan(0.001);
  });

  it('adds up evidence from several detectors and caps what one detector can claim', () => {
    expect(combine(evidence(1.5, 1.5), INFO, 1000, s)).toBeCloseTo(0.5);
    const capped = compileScoring({ scaleDecades: 3, weights: { volume: 1 }, floors: { volume: 0 }, maxSurprise: 2 });
    expect(combine(evidence(50), INFO, 1000, capped)).toBeCloseTo(1 / 11);
  });

  it('gives the level prior only when the level is unusual for its source', () => {
    const withPrior = compileScoring({ scaleDecades: 3, severityPrior: [0, 0, 0, 0, 0, 0, 2], severityPriorGate: 0.5 });
    const routine = new Evidence();
    const unusual = new Evidence();
    unusual.surprise[2] = 0.5;
    expect(combine(routine, FATAL, 1000, withPrior)).toBeLessThan(0.01);
    expect(combine(unusual, FATAL, 1000, withPrior)).toBeGreaterThan(combine(routine, FATAL, 1000, withPrior) * 10);
  });

  it('ramps scores up over the warm-up of a service', () => {
    expect(combine(evidence(6), INFO, 10, s)).toBeLessThan(combine(evidence(6), INFO, 100, s));
    expect(combine(evidence(6), INFO, 0, s)).toBeLessThan(0.01);
  });

  it('has a threshold per service where configured', () => {
    const t = compileScoring({ threshold: 0.6, serviceThresholds: { noisy: 0.9 } });
    expect(thresholdFor('noisy', t)).toBe(0.9);
    expect(thresholdFor('other', t)).toBe(0.6);
    expect(() => compileScoring({ serviceThresholds: { bad: 2 } })).toThrow(/serviceThresholds.bad/);
  });

  it('explains an anomaly even when no single detector reached its reason bar', () => {
    const reasons = reasonsOf(evidence(1.5, 1.5), INFO, true, s);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasonsOf(evidence(0), INFO, false, s)).toEqual([]);
  });
});
