import { describe, expect, it } from 'vitest';
import { input } from '../../test/scoring-input.js';
import { D_SEQUENCE } from './evidence.js';
import { Random } from './random.js';
import { DetectorSuite } from './suite.js';

describe('sequence detector', () => {
  it('fires on a transition never seen after a template that is always followed by the same one', () => {
    const suite = new DetectorSuite();
    let t = 0;
    for (let i = 0; i < 600; i++, t += 100) suite.detect(input(['open', 'read', 'close'][i % 3], t));
    // 'open' was always followed by 'read'.
    suite.detect(input('open', t));
    expect(suite.detect(input('read', t + 1)).surprise[D_SEQUENCE]).toBeLessThan(0.5);
    suite.detect(input('open', t + 2));
    const ev = suite.detect(input('close', t + 3));
    expect(ev.surprise[D_SEQUENCE]).toBeGreaterThan(1.5);
    expect(ev.reasons[D_SEQUENCE]).toMatch(/transition/);
  });

  it('stays quiet on an interleaved stream where anything follows anything', () => {
    const suite = new DetectorSuite();
    const random = new Random(5);
    let t = 0;
    let max = 0;
    for (let i = 0; i < 5000; i++, t += 100) {
      const s = suite.detect(input(`t${random.int(40)}`, t)).surprise[D_SEQUENCE];
      if (i > 2000) max = Math.max(max, s);
    }
    expect(max).toBeLessThan(1.5);
  });

  it('follows each trace on its own, however requests interleave in the service stream', () => {
    const suite = new DetectorSuite();
    const random = new Random(6);
    let t = 0;
    // Requests of two steps (recv, reply), many in flight at once.
    const open: string[] = [];
    for (let i = 0; i < 4000; i++, t += 10) {
      if (open.length < 20 && (open.length === 0 || random.next() < 0.5)) {
        const trace = `${i.toString(16).padStart(32, '0')}`;
        open.push(trace);
        suite.detect(input('recv', t, { traceId: trace }));
      } else {
        const trace = open.splice(random.int(open.length), 1)[0];
        suite.detect(input('reply', t, { traceId: trace }));
      }
    }
    const trace = 'f'.repeat(32);
    suite.detect(input('recv', t, { traceId: trace }));
    const ev = suite.detect(input('recv', t + 1, { traceId: trace }));
    expect(ev.surprise[D_SEQUENCE]).toBeGreaterThan(1.5);
    expect(ev.reasons[D_SEQUENCE]).toMatch(/within its trace/);
  });
});
