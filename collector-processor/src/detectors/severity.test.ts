import { describe, expect, it } from 'vitest';
import { ERROR, FATAL, INFO, WARN, input } from '../../test/scoring-input.js';
import { D_SEVERITY } from './evidence.js';
import { DetectorSuite } from './suite.js';

function run(suite: DetectorSuite, n: number, make: (i: number, t: number) => Parameters<DetectorSuite['detect']>[0]): number {
  let t = 0;
  for (let i = 0; i < n; i++, t += 1000) suite.detect(make(i, t));
  return t;
}

describe('severity detector', () => {
  it('is quiet on INFO and on the levels a template always logs at', () => {
    const suite = new DetectorSuite();
    const t = run(suite, 2000, (i, t) => input(i % 2 ? 'a' : 'warned', t, { severityNumber: i % 2 ? INFO : WARN }));
    expect(suite.detect(input('a', t)).surprise[D_SEVERITY]).toBe(0);
    expect(suite.detect(input('warned', t + 1, { severityNumber: WARN })).surprise[D_SEVERITY]).toBeLessThan(0.5);
  });

  it('fires on an error from a service that logs INFO', () => {
    const suite = new DetectorSuite();
    const t = run(suite, 2000, (i, t) => input(['a', 'b'][i % 2], t));
    const ev = suite.detect(input('boom', t, { severityNumber: ERROR }));
    expect(ev.surprise[D_SEVERITY]).toBeGreaterThan(2.5);
    expect(ev.reasons[D_SEVERITY]).toMatch(/ERROR/);
  });

  it('fires on a template that starts logging higher than it used to (severity shift)', () => {
    const suite = new DetectorSuite();
    // The service has its share of errors (from another template), so only the shift is news.
    const t = run(suite, 2000, (i, t) => input(i % 10 === 0 ? 'errs' : 'a', t, { severityNumber: i % 10 === 0 ? ERROR : INFO }));
    const ev = suite.detect(input('a', t, { severityNumber: ERROR }));
    expect(ev.surprise[D_SEVERITY]).toBeGreaterThan(2);
    expect(ev.reasons[D_SEVERITY]).toMatch(/shift/);
  });

  it('judges a component by its own habits: one that is always FATAL is not surprising', () => {
    const suite = new DetectorSuite();
    // One record in ten comes from 'app', always FATAL; the rest from 'kernel', INFO.
    const t = run(suite, 2000, (i, t) =>
      input(i % 10 ? 'kernel says' : 'app says', t, { component: i % 10 ? 'kernel' : 'app', severityNumber: i % 10 ? INFO : FATAL }),
    );
    const routine = suite.detect(input('app says other', t, { component: 'app', severityNumber: FATAL })).surprise[D_SEVERITY];
    const news = suite.detect(input('kernel panics', t + 1, { component: 'kernel', severityNumber: FATAL })).surprise[D_SEVERITY];
    expect(routine).toBeLessThan(0.5);
    expect(news).toBeGreaterThan(0.8);
  });
});
