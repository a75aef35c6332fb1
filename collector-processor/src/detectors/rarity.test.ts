import { describe, expect, it } from 'vitest';
import { input } from '../../test/scoring-input.js';
import { D_RARITY } from './evidence.js';
import { DetectorSuite } from './suite.js';

const HOUR = 3600_000;

/** A stable service: three templates in turn, one record a second, for `n` seconds from `t0`. */
function steady(suite: DetectorSuite, t0: number, n: number): number {
  let t = t0;
  for (let i = 0; i < n; i++, t += 1000) suite.detect(input(['a', 'b', 'c'][i % 3], t));
  return t;
}

describe('rarity detector', () => {
  it('is quiet on templates the service logs all the time', () => {
    const suite = new DetectorSuite();
    const t = steady(suite, 0, 3000);
    expect(suite.detect(input('a', t)).surprise[D_RARITY]).toBeLessThan(0.5);
  });

  it('fires on a template never seen in a stable service', () => {
    const suite = new DetectorSuite();
    const t = steady(suite, 0, 3000);
    const ev = suite.detect(input('new', t));
    expect(ev.surprise[D_RARITY]).toBeGreaterThan(2.5);
    expect(ev.reasons[D_RARITY]).toMatch(/new template/);
  });

  it('is less surprised by a new template in a service that keeps producing new ones', () => {
    const stable = new DetectorSuite();
    const t1 = steady(stable, 0, 3000);
    const churning = new DetectorSuite();
    let t2 = 0;
    for (let i = 0; i < 3000; i++, t2 += 1000) churning.detect(input(i % 10 === 0 ? `fresh-${i}` : 'a', t2));
    expect(churning.detect(input('new', t2)).surprise[D_RARITY]).toBeLessThan(stable.detect(input('new', t1)).surprise[D_RARITY] - 1);
  });

  it('decays: a template common long ago and silent since is rare again', () => {
    const suite = new DetectorSuite({ rarityHalfLifeMs: HOUR });
    let t = 0;
    for (let i = 0; i < 500; i++, t += 1000) suite.detect(input(i % 2 === 0 ? 'old' : 'a', t));
    const recently = suite.detect(input('old', t)).surprise[D_RARITY];
    // Twelve half-lives of other traffic later.
    for (let i = 0; i < 12 * 3600; i++, t += 1000) suite.detect(input(i % 2 === 0 ? 'a' : 'b', t));
    const later = suite.detect(input('old', t)).surprise[D_RARITY];
    expect(recently).toBeLessThan(0.5);
    expect(later).toBeGreaterThan(2);
  });
});
