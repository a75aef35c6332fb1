import { describe, expect, it } from 'vitest';
import { ERROR, INFO, WARN, input } from '../../test/scoring-input.js';
import { D_VOLUME } from './evidence.js';
import { DetectorSuite } from './suite.js';

/** Two hours of steady traffic: templates a, b, c, one record every `gapMs`, from 0. */
function steady(suite: DetectorSuite, until: number, gapMs = 500): number {
  let t = 0;
  for (let i = 0; t < until; i++, t += gapMs) suite.detect(input(['a', 'b', 'c'][i % 3], t));
  return t;
}

describe('volume detector', () => {
  it('is quiet at the learned rate', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000);
    let max = 0;
    for (let i = 0; i < 600; i++, t += 500) max = Math.max(max, suite.detect(input(['a', 'b', 'c'][i % 3], t)).surprise[D_VOLUME]);
    expect(max).toBeLessThan(1);
  });

  it('fires on a burst of one template', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000);
    let last = 0;
    for (let i = 0; i < 40; i++, t += 100) last = suite.detect(input('a', t, { severityNumber: ERROR })).surprise[D_VOLUME];
    expect(last).toBeGreaterThan(2);
    expect(suite.evidence.reasons[D_VOLUME]).toMatch(/burst/);
  });

  it("does not learn from a service's first minutes, when every stream is young, that bursts are common", () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000);
    // Ten times the template's rate for 30 s: with two hours of steady history nothing like it
    // was seen, so only the history's length limits the evidence (log10 of 240 windows, + 1).
    let last = 0;
    for (let i = 0; i < 200; i++, t += 150) last = suite.detect(input('a', t, { severityNumber: ERROR })).surprise[D_VOLUME];
    expect(last).toBeGreaterThan(4);
  });

  it('lets an extreme burst of INFO lines be an anomaly on its own (the level is a prior, not a discount)', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000);
    // Twenty times the template's usual rate for 30 s, at INFO.
    let last = 0;
    for (let i = 0; i < 400; i++, t += 75) last = suite.detect(input('a', t)).surprise[D_VOLUME];
    expect(last).toBeGreaterThan(3.5);
  });

  it("judges one variant's burst against the history of all the service's variants, each observed in every window", () => {
    const suite = new DetectorSuite();
    const query = (table: number, t: number) => input('query <*>', t, { params: [{ type: 'string', text: `t${table}` }] });
    let t = 0;
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) suite.detect(query(i % 12, t));
    // One table of twelve looked up six times as often for 30 s: two hours of twelve steady
    // streams hold 12 x 240 windows without such a burst (one stream's 240 would cap it at 3.7).
    let last = 0;
    for (let i = 0; i < 300; i++, t += 100) {
      suite.detect(query(i % 12, t));
      if (i % 2 === 0) last = suite.detect(query(0, t + 50)).surprise[D_VOLUME];
    }
    expect(last).toBeGreaterThan(4.2);
  });

  it("reports a template's burst on the records of the stream that rose, not on the other streams at their rate", () => {
    const suite = new DetectorSuite();
    const query = (table: number, t: number) => input('query <*>', t, { params: [{ type: 'string', text: `t${table}` }] });
    let t = 0;
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) suite.detect(query(i % 12, t));
    // Table 0 looked up thirty times as often: the template as a whole triples.
    let hammered = 0;
    let other = 0;
    for (let i = 0; i < 600; i++, t += 100) {
      other = Math.max(other, suite.detect(query(1 + (i % 11), t)).surprise[D_VOLUME]);
      for (let k = 0; k < 3; k++) hammered = suite.detect(query(0, t + 20 * k + 10)).surprise[D_VOLUME];
    }
    expect(hammered).toBeGreaterThan(4);
    expect(other).toBeLessThan(1.5);
  });

  it('keeps calling a template born in a burst a burst for minutes, not just its first records', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000);
    // A template never seen before, five a second for 90 s, on top of the usual traffic.
    let last = 0;
    for (let i = 0; i < 450; i++, t += 200) {
      if (i % 2 === 0) suite.detect(input(['a', 'b', 'c'][(i >> 1) % 3], t));
      last = suite.detect(input('new warning', t, { severityNumber: WARN })).surprise[D_VOLUME];
    }
    expect(last).toBeGreaterThan(2);
  });

  it('fires on a burst of one parameter value of a template (one client IP)', () => {
    const suite = new DetectorSuite();
    let t = 0;
    // Logins from many addresses, then 60 from one address in 15 s.
    for (let i = 0; t < 2 * 3600_000; i++, t += 500) {
      suite.detect(input('login failed from <*>', t, { severityNumber: WARN, params: [{ type: 'ip', text: `10.0.${i % 250}.${(i * 7) % 250}` }] }));
    }
    let last = 0;
    for (let i = 0; i < 60; i++, t += 250) last = suite.detect(input('login failed from <*>', t, { severityNumber: WARN, params: [{ type: 'ip', text: '203.0.113.9' }] })).surprise[D_VOLUME];
    expect(last).toBeGreaterThan(1.5);
  });

  it('fires on a burst of one template from one client address named in the attributes', () => {
    const suite = new DetectorSuite();
    let t = 0;
    const from = (ip: string): Map<string, string> => new Map([['client.address', ip]]);
    // Requests of one template from many addresses, then 60 from one address in 15 s.
    for (let i = 0; t < 2 * 3600_000; i++, t += 500) suite.detect(input('POST <*>', t, { severityNumber: WARN, attributes: from(`10.0.${i % 250}.${(i * 7) % 250}`) }));
    let last = 0;
    for (let i = 0; i < 60; i++, t += 250) last = suite.detect(input('POST <*>', t, { severityNumber: WARN, attributes: from('203.0.113.9') })).surprise[D_VOLUME];
    expect(last).toBeGreaterThan(1.5);
    expect(suite.evidence.reasons[D_VOLUME]).toMatch(/same parameters/);
  });

  it('fires on a burst of the failures of a template that mostly logs lower', () => {
    const suite = new DetectorSuite();
    let t = 0;
    // An access-log template: INFO, one in 200 at ERROR; the total rate stays the same when a
    // fifth of its records turn into errors.
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) suite.detect(input('GET <*>', t, { severityNumber: i % 200 === 0 ? ERROR : INFO }));
    let last = 0;
    let reason = '';
    for (let i = 0; i < 150; i++, t += 100) {
      const ev = suite.detect(input('GET <*>', t, { severityNumber: i % 5 === 0 ? ERROR : INFO }));
      if (i % 5 === 0) [last, reason] = [ev.surprise[D_VOLUME], ev.reasons[D_VOLUME]];
    }
    expect(last).toBeGreaterThan(2);
    expect(reason).toMatch(/burst of this template at ERROR/);
  });

  it('reports a drop in full on a stream that keeps only part of its rate', () => {
    const suite = new DetectorSuite();
    let t = 0;
    // Requests every 100 ms, every fifth one a 'search'; then requests fall tenfold while the
    // searches keep six tenths of their rate.
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) suite.detect(input(i % 5 === 0 ? 'search' : 'request', t));
    let search = 0;
    let request = 0;
    for (let i = 0; i < 600; i++, t += 100) {
      if (i % 8 === 0) search = suite.detect(input('search', t)).surprise[D_VOLUME];
      else if (i % 10 === 0) request = suite.detect(input('request', t)).surprise[D_VOLUME];
    }
    expect(request).toBeGreaterThan(3);
    // A few gaps cannot tell six tenths of a rate from a rate kept: the drop is not discounted.
    expect(search).toBeGreaterThan(0.95 * request);
  });

  it('does not report a service drop on a template that keeps its own rate (a timer)', () => {
    const suite = new DetectorSuite();
    let t = 0;
    // Request records every 100 ms and a health check every 5 s, then requests fall tenfold.
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) suite.detect(input(i % 50 === 0 ? 'health' : 'request', t));
    let health = 0;
    let request = 0;
    for (let i = 0; i < 1200; i++, t += 100) {
      if (i % 50 === 0) health = suite.detect(input('health', t)).surprise[D_VOLUME];
      else if (i % 10 === 0) request = suite.detect(input('request', t)).surprise[D_VOLUME];
    }
    expect(request).toBeGreaterThan(2);
    expect(health).toBeLessThan(1);
  });

  it('does not report a drop on the records of a parameter stream that keeps its rate', () => {
    const suite = new DetectorSuite();
    const query = (table: string, t: number) => input('query ok table=<*>', t, { params: [{ type: 'string', text: `table=${table}` }] });
    let t = 0;
    // Queries of two tables, one in ten of users; then the stock table's caller falls tenfold.
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) suite.detect(query(i % 10 === 0 ? 'users' : 'stock', t));
    let users = 0;
    let stock = 0;
    for (let i = 0; i < 1200; i++, t += 100) {
      if (i % 10 === 0) users = Math.max(users, suite.detect(query('users', t)).surprise[D_VOLUME]);
      else if (i % 10 === 5) stock = suite.detect(query('stock', t)).surprise[D_VOLUME];
    }
    expect(stock).toBeGreaterThan(2);
    expect(users).toBeLessThan(1);
  });

  it('notices a drop from the last records\' arrival times, within seconds, and lets go when the rate is back', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000, 100);
    // Ten times fewer records: 10 s later (10 records) the drop is clear.
    let during = 0;
    for (let i = 0; i < 10; i++, t += 1000) during = suite.detect(input(['a', 'b', 'c'][i % 3], t)).surprise[D_VOLUME];
    expect(during).toBeGreaterThan(2);
    // Back to the usual rate: 5 s later (50 records) it is over.
    let after = 0;
    for (let i = 0; i < 50; i++, t += 100) after = suite.detect(input(['a', 'b', 'c'][i % 3], t)).surprise[D_VOLUME];
    expect(after).toBeLessThan(1);
  });

  it('lets go of a drop within the first few arrivals once the rate is back', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000, 100);
    for (let i = 0; i < 60; i++, t += 1000) suite.detect(input(['a', 'b', 'c'][i % 3], t));
    // Back to the usual rate: the fifth record after the return no longer carries the drop (the
    // span of the last eight arrivals still holds four of the drop's seconds).
    let fifth = 0;
    for (let i = 0; i < 5; i++, t += 100) fifth = suite.detect(input(['a', 'b', 'c'][i % 3], t)).surprise[D_VOLUME];
    expect(fifth).toBeLessThan(1);
  });

  it('counts a request as one arrival, however many records it logs at once', () => {
    const suite = new DetectorSuite();
    let t = 0;
    let trace = 0;
    // Requests of one record or of ten (one trace each), two a second; then a tenth of them.
    const request = (at: number, records: number): number => {
      const traceId = (++trace).toString(16).padStart(32, '0');
      let least = Infinity;
      for (let k = 0; k < records; k++) least = Math.min(least, suite.detect(input(`step ${k}`, at + k, { traceId })).surprise[D_VOLUME]);
      return least;
    };
    for (let i = 0; t < 2 * 3600_000; i++, t += 500) request(t, i % 2 === 0 ? 1 : 10);
    let weakest = Infinity;
    for (let i = 0; i < 24; i++, t += 5000) {
      const s = request(t, i % 2 === 0 ? 1 : 10);
      if (i >= 10) weakest = Math.min(weakest, s);
    }
    // Every record of the requests that still arrive shows the drop, the tenth of a big one too.
    expect(weakest).toBeGreaterThan(2);
  });

  /**
   * The front logs every 100 ms and one request in twenty has a record of pay naming front in
   * peer.service; then the front's traffic falls tenfold. The volume surprise of pay's next three records.
   */
  function payAfterFrontDrops(payAttributes: [string, string][]): number[] {
    const suite = new DetectorSuite();
    const front = (t: number) => input('GET <*>', t, { service: 'front' });
    const pay = (t: number) => input('charge ok', t, { service: 'pay', attributes: new Map(payAttributes) });
    let t = 0;
    for (let i = 0; t < 2 * 3600_000; i++, t += 100) {
      suite.detect(front(t));
      if (i % 20 === 0) suite.detect(pay(t + 5));
    }
    const seen: number[] = [];
    for (let i = 0; i < 60; i++, t += 1000) {
      suite.detect(front(t));
      if (i % 20 === 10) seen.push(suite.detect(pay(t + 5)).surprise[D_VOLUME]);
    }
    return seen;
  }

  it("passes a caller's reported drop on to the calls it still makes", () => {
    const seen = payAfterFrontDrops([['peer.service', 'front']]);
    // Pay's own handful of records could not show a drop within a minute; its caller's can.
    expect(Math.min(...seen)).toBeGreaterThan(2);
  });

  it("does not take a drop from the service a client's record names as the one it called", () => {
    // Pay's records of its own calls to front: peer.service is the callee there (span.kind client).
    const seen = payAfterFrontDrops([['peer.service', 'front'], ['span.kind', 'client']]);
    // Front is not pay's caller: its drop is not passed on to pay's first record after it. Pay's
    // own rate fell as well, which its own arrivals show a few records later.
    expect(seen[0]).toBeLessThan(1);
  });

  it('sees a drop within its first few arrivals, not once a long ring of arrivals has turned over', () => {
    const suite = new DetectorSuite();
    let t = 0;
    // Five records a second, then a third of that: eight records into the drop it shows.
    for (let i = 0; t < 2 * 3600_000; i++, t += 200) suite.detect(input(['a', 'b'][i % 2], t));
    let eighth = 0;
    for (let i = 0; i < 8; i++) eighth = suite.detect(input(['a', 'b'][i % 2], (t += 600))).surprise[D_VOLUME];
    expect(eighth).toBeGreaterThan(2);
  });

  it("stops taking its caller's drop once its own arrivals are back (the caller's verdict is stale)", () => {
    const suite = new DetectorSuite();
    const inv = (t: number, caller: string) => input(`${caller} call`, t, { service: 'inv', attributes: new Map([['peer.service', caller]]) });
    let t = 0;
    // The front calls inv once per request (inv logs first), another caller as often; then the
    // front's traffic falls tenfold for a minute and comes back.
    for (; t < 2 * 3600_000; t += 100) {
      suite.detect(inv(t - 1, 'front'));
      suite.detect(input('GET', t, { service: 'front' }));
      suite.detect(inv(t + 50, 'other'));
    }
    for (let i = 0; i < 600; i++, t += 100) {
      if (i % 10 === 0) {
        suite.detect(inv(t - 1, 'front'));
        suite.detect(input('GET', t, { service: 'front' }));
      }
      suite.detect(inv(t + 50, 'other'));
    }
    const after: number[] = [];
    for (let i = 0; i < 6; i++, t += 100) {
      after.push(suite.detect(inv(t - 1, 'front')).surprise[D_VOLUME]);
      suite.detect(input('GET', t, { service: 'front' }));
      suite.detect(inv(t + 50, 'other'));
    }
    expect(after[0]).toBeGreaterThan(2);
    expect(after[5]).toBeLessThan(1);
  });

  it('fires on a drop of the service rate', () => {
    const suite = new DetectorSuite();
    let t = steady(suite, 2 * 3600_000, 100);
    let last = 0;
    // Ten times fewer records for two minutes.
    for (let i = 0; i < 120; i++, t += 1000) last = suite.detect(input(['a', 'b', 'c'][i % 3], t)).surprise[D_VOLUME];
    expect(last).toBeGreaterThan(2);
    expect(suite.evidence.reasons[D_VOLUME]).toMatch(/drop/);
  });

  it('uses the same hour of day once days of history exist: the nightly lull is not a drop', () => {
    const suite = new DetectorSuite();
    const HOUR = 3600_000;
    let t = 0;
    let max = 0;
    // Four days: busy (every 100 ms) from 08:00 to 20:00, quiet (every 1 s) otherwise.
    for (let day = 0; day < 4; day++) {
      for (let h = 0; h < 24; h++) {
        const gap = h >= 8 && h < 20 ? 100 : 1000;
        const end = (day * 24 + h + 1) * HOUR;
        for (let i = 0; t < end; i++, t += gap) {
          const ev = suite.detect(input(['a', 'b', 'c'][i % 3], t));
          // Judge the first quiet hours of the last day.
          if (day === 3 && h >= 20 && h < 22) max = Math.max(max, ev.surprise[D_VOLUME]);
        }
      }
    }
    expect(max).toBeLessThan(2);
  });
});
