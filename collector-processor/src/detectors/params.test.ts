import { describe, expect, it } from 'vitest';
import { input } from '../../test/scoring-input.js';
import { D_PARAMS } from './evidence.js';
import { Random } from './random.js';
import { DetectorSuite } from './suite.js';

/** `n` records of one template whose duration parameter is lognormal around 100 ms. */
function latencies(suite: DetectorSuite, n: number, random: Random): number {
  let t = 0;
  for (let i = 0; i < n; i++, t += 1000) {
    const ms = 100 * Math.exp(0.3 * (random.next() + random.next() + random.next() - 1.5));
    suite.detect(input('request took <*>', t, { params: [{ type: 'duration', text: `${ms}ms`, value: ms }] }));
  }
  return t;
}

const took = (ms: number, t: number) => input('request took <*>', t, { params: [{ type: 'duration', text: `${ms}ms`, value: ms }] });

describe('numeric parameter detector', () => {
  it('is quiet on values in their usual range, and on unusually small ones', () => {
    const suite = new DetectorSuite();
    const t = latencies(suite, 2000, new Random(1));
    expect(suite.detect(took(120, t)).surprise[D_PARAMS]).toBeLessThan(0.5);
    expect(suite.detect(took(5, t + 1)).surprise[D_PARAMS]).toBe(0);
  });

  it('fires on a latency far above the template’s usual range', () => {
    const suite = new DetectorSuite();
    const t = latencies(suite, 2000, new Random(2));
    const ev = suite.detect(took(2500, t));
    expect(ev.surprise[D_PARAMS]).toBeGreaterThan(2);
    expect(ev.reasons[D_PARAMS]).toMatch(/parameter 1=2500/);
  });

  it('keeps firing through an incident instead of learning it as normal within minutes', () => {
    const suite = new DetectorSuite();
    let t = latencies(suite, 2000, new Random(3));
    let last = 0;
    for (let i = 0; i < 90; i++, t += 1000) last = suite.detect(took(2000 + i, t)).surprise[D_PARAMS];
    expect(last).toBeGreaterThan(2);
  });

  it("judges an incident's extremes against the time before it, not against its own first minutes", () => {
    const suite = new DetectorSuite();
    let t = latencies(suite, 2000, new Random(4));
    suite.detect(took(2000, t));
    // The second extreme within the window starts the run.
    const first = suite.detect(took(2000, (t += 1000))).surprise[D_PARAMS];
    let last = 0;
    for (let i = 0; i < 180; i++) last = suite.detect(took(2000 + i, (t += 1000))).surprise[D_PARAMS];
    expect(first).toBeGreaterThan(4);
    expect(last).toBeGreaterThan(first - 0.2);
  });

  it('judges an isolated extreme by how often the stream has extremes, and a run of them a decade higher', () => {
    const suite = new DetectorSuite();
    const random = new Random(6);
    let t = latencies(suite, 2000, random);
    const isolated = suite.detect(took(2000, (t += 1000))).surprise[D_PARAMS];
    const run = suite.detect(took(2000, (t += 1000))).surprise[D_PARAMS];
    expect(run).toBeGreaterThan(isolated + 0.9);
    // A minute later the stream's extremes are isolated again.
    expect(suite.detect(took(2000, (t += 60_000))).surprise[D_PARAMS]).toBeLessThan(run - 0.5);
  });

  it('does not learn from a spike judged an anomaly that extremes are common: the next one an hour later is judged alike', () => {
    const spikes = (anomalous: boolean): [number, number] => {
      const suite = new DetectorSuite();
      const random = new Random(5);
      let t = latencies(suite, 2000, random);
      const first = suite.detect(took(2000, t)).surprise[D_PARAMS];
      suite.settle(anomalous);
      for (let i = 0; i < 180; i++) {
        suite.detect(took(2000 + i, (t += 1000)));
        suite.settle(anomalous);
      }
      for (let i = 0; i < 3600; i++) {
        const ms = 100 * Math.exp(0.3 * (random.next() + random.next() + random.next() - 1.5));
        suite.detect(took(ms, (t += 1000)));
        suite.settle(false);
      }
      return [first, suite.detect(took(2000, (t += 1000))).surprise[D_PARAMS]];
    };
    const [first, again] = spikes(true);
    expect(again).toBeGreaterThan(first - 0.2);
    // Had the first spike been judged normal, its three minutes of extremes would count.
    const [, learnt] = spikes(false);
    expect(learnt).toBeLessThan(again - 0.5);
  });

  it('judges numeric attributes per route and status codes by their class', () => {
    const suite = new DetectorSuite();
    let t = 0;
    const attrs = (route: string, ms: number, status: number) =>
      new Map<string, string | number | boolean>([
        ['http.route', route],
        ['duration_ms', ms],
        ['http.response.status_code', status],
      ]);
    // A fast route and a slow one logged by the same template.
    for (let i = 0; i < 2000; i++, t += 500) {
      const slow = i % 2 === 0;
      suite.detect(input('<*> <*>', t, { attributes: attrs(slow ? '/search' : '/health', slow ? 800 + (i % 50) : 2 + (i % 3), 200) }));
    }
    // 800 ms is normal for /search but not for /health.
    expect(suite.detect(input('<*> <*>', t, { attributes: attrs('/search', 820, 200) })).surprise[D_PARAMS]).toBeLessThan(0.5);
    expect(suite.detect(input('<*> <*>', t + 1, { attributes: attrs('/health', 820, 200) })).surprise[D_PARAMS]).toBeGreaterThan(2);
    const ev = suite.detect(input('<*> <*>', t + 2, { attributes: attrs('/health', 2, 503) }));
    expect(ev.surprise[D_PARAMS]).toBeGreaterThan(2);
    expect(ev.reasons[D_PARAMS]).toMatch(/status class/);
  });

  it('ignores numbers that are identifiers (leading zeros)', () => {
    const suite = new DetectorSuite();
    let t = 0;
    for (let i = 0; i < 500; i++, t += 1000) suite.detect(input('order ORD-<*>', t, { params: [{ type: 'number', text: String(5_000_000 + i), value: 5_000_000 + i }] }));
    expect(suite.detect(input('order ORD-<*>', t, { params: [{ type: 'number', text: '0000042', value: 42 }] })).surprise[D_PARAMS]).toBe(0);
  });
});
