import { describe, expect, it } from 'vitest';
import { ERROR, INFO, input } from '../../test/scoring-input.js';
import { D_TRACE, Evidence } from './evidence.js';
import { FailureTraces } from './trace.js';
import type { ScoringInput } from './input.js';

const TRACE = 'a'.repeat(32);
const OTHER_TRACE = 'b'.repeat(32);

function record(service: string, spanId: string, over: Partial<ScoringInput> = {}): ScoringInput {
  return input(`${service}-tpl`, 0, { service, traceId: TRACE, spanId, ...over });
}

/** Scores one record and settles it with the given verdict and combined evidence. */
function score(traces: FailureTraces, rec: ScoringInput, isAnomaly: boolean, decades: number, level = 3): Evidence {
  const ev = new Evidence();
  traces.detect(rec, ev);
  traces.settle(isAnomaly, level, Math.max(decades, ev.surprise[D_TRACE]), () => {});
  return ev;
}

describe('failure propagation along traces', () => {
  it("gives an anomalous failure's evidence to the later records of its span and to its caller's record", () => {
    const traces = new FailureTraces(64);
    const failure = record('db', '01', { severityNumber: ERROR, attributes: new Map([['peer.service', 'api']]) });
    score(traces, failure, true, 3.5, 5);
    const sameSpan = score(traces, record('db', '01', { severityNumber: INFO }), false, 0);
    expect(sameSpan.surprise[D_TRACE]).toBe(3.5);
    expect(sameSpan.reasons[D_TRACE]).toMatch(/own span/);
    const caller = score(traces, record('api', '02'), false, 0);
    expect(caller.surprise[D_TRACE]).toBe(3.5);
    expect(caller.reasons[D_TRACE]).toMatch(/service it called/);
  });

  it('leaves siblings, other traces and records without a trace alone', () => {
    const traces = new FailureTraces(64);
    score(traces, record('db', '01', { severityNumber: ERROR, attributes: new Map([['peer.service', 'api']]) }), true, 3, 5);
    expect(score(traces, record('cache', '03'), false, 0).surprise[D_TRACE]).toBe(0);
    expect(score(traces, record('api', '02', { traceId: OTHER_TRACE }), false, 0).surprise[D_TRACE]).toBe(0);
    expect(score(traces, record('api', '02', { traceId: '', spanId: '' }), false, 0).surprise[D_TRACE]).toBe(0);
  });

  it('propagates only anomalies at ERROR or worse, not every error nor every anomaly', () => {
    const traces = new FailureTraces(64);
    const peer = new Map([['peer.service', 'api']]);
    score(traces, record('db', '01', { severityNumber: ERROR, attributes: peer }), false, 1, 5);
    score(traces, record('db', '04', { severityNumber: INFO, attributes: peer }), true, 3, 3);
    expect(score(traces, record('api', '02'), false, 0).surprise[D_TRACE]).toBe(0);
  });

  it('climbs the call chain through the records that inherited and were flagged', () => {
    const traces = new FailureTraces(64);
    score(traces, record('db', '01', { severityNumber: ERROR, attributes: new Map([['peer.service', 'inventory']]) }), true, 4, 5);
    const middle = score(traces, record('inventory', '02', { attributes: new Map([['peer.service', 'frontend']]) }), true, 4.2);
    expect(middle.surprise[D_TRACE]).toBe(4);
    const top = score(traces, record('frontend', '03'), false, 0);
    expect(top.surprise[D_TRACE]).toBe(4.2);
  });

  it('forgets an older trace when a newer one takes its slot (the table is the cap)', () => {
    const traces = new FailureTraces(16);
    let evicted = 0;
    const ev = new Evidence();
    for (let i = 0; i < 64; i++) {
      const r = record('db', '01', { traceId: i.toString(16).padStart(32, '0'), severityNumber: ERROR, attributes: new Map([['peer.service', 'api']]) });
      traces.detect(r, ev);
      traces.settle(true, 5, 3, () => evicted++);
    }
    expect(evicted).toBeGreaterThan(0);
    expect(evicted).toBeLessThanOrEqual(64 - 1);
  });
});
