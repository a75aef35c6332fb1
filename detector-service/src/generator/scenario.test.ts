import { describe, expect, it } from 'vitest';
import { ANOMALY_TYPES, toJsonLine, type GeneratedRecord } from './record.js';
import { createScenario, generateScenario } from './scenario.js';

const SHORT = { warmupMs: 120_000, incidentGapMs: 180_000, durationMs: 30 * 60_000 };

function collect(options: Parameters<typeof generateScenario>[0]): GeneratedRecord[] {
  return [...generateScenario(options)];
}

describe('generateScenario', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = collect({ seed: 42, records: 5000 }).map(toJsonLine);
    const b = collect({ seed: 42, records: 5000 }).map(toJsonLine);
    const c = collect({ seed: 43, records: 5000 }).map(toJsonLine);
    expect(a).toHaveLength(5000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('emits records in time order and stops at --records or the duration', () => {
    const byCount = collect({ seed: 1, records: 3000 });
    expect(byCount).toHaveLength(3000);
    for (let i = 1; i < byCount.length; i++) expect(byCount[i].timeMs).toBeGreaterThanOrEqual(byCount[i - 1].timeMs);
    const byTime = collect({ seed: 1, durationMs: 60_000, start: '2026-03-02T12:00:00Z' });
    const start = Date.parse('2026-03-02T12:00:00Z');
    expect(byTime.length).toBeGreaterThan(500);
    expect(byTime.every((r) => r.timeMs >= start && r.timeMs < start + 60_000)).toBe(true);
  });

  it('injects every anomaly type after the warm-up, with labels only on incident records', () => {
    const scenario = createScenario({ seed: 5, ...SHORT });
    const records = [...scenario.records()];
    const incidents = scenario.incidents;
    expect(new Set(incidents.map((i) => i.type))).toEqual(new Set(ANOMALY_TYPES));
    const start = scenario.options.startMs;
    expect(Math.min(...incidents.map((i) => i.startMs))).toBeGreaterThanOrEqual(start + SHORT.warmupMs);

    const byId = new Map(incidents.map((i) => [i.id, i]));
    const labelledPerType = new Map<string, number>();
    for (const r of records) {
      if (r.label === 0) {
        expect(r.incidentId).toBeNull();
        expect(r.anomalyType).toBeNull();
        continue;
      }
      const inc = byId.get(r.incidentId ?? '');
      expect(inc).toBeDefined();
      expect(r.anomalyType).toBe(inc?.type);
      // Records of an incident fall in its window (a crash loop's last restart may finish just after it).
      expect(r.timeMs).toBeGreaterThanOrEqual((inc?.startMs ?? 0) - 1);
      expect(r.timeMs).toBeLessThan((inc?.endMs ?? 0) + 40_000);
      labelledPerType.set(r.anomalyType as string, (labelledPerType.get(r.anomalyType as string) ?? 0) + 1);
    }
    for (const type of ANOMALY_TYPES) expect(labelledPerType.get(type) ?? 0, type).toBeGreaterThanOrEqual(10);
    const share = records.filter((r) => r.label === 1).length / records.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.25);
  });

  it('has no labels at all when no anomalies are requested', () => {
    const records = collect({ seed: 9, durationMs: 20 * 60_000, warmupMs: 60_000, anomalies: [] });
    expect(records.some((r) => r.label === 1)).toBe(false);
  });

  it('links the calls of one request across services by trace id, each hop with its own span', () => {
    const records = collect({ seed: 11, records: 20_000, anomalies: [] });
    const traces = new Map<string, GeneratedRecord[]>();
    for (const r of records) {
      if (r.traceId === '') continue;
      expect(r.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(r.spanId).toMatch(/^[0-9a-f]{16}$/);
      const list = traces.get(r.traceId) ?? [];
      list.push(r);
      traces.set(r.traceId, list);
    }
    const checkouts = [...traces.values()].filter((t) => t.some((r) => r.service === 'frontend' && r.attributes['http.route'] === '/api/checkout' && r.attributes['http.response.status_code'] === 200));
    expect(checkouts.length).toBeGreaterThan(20);
    for (const t of checkouts) {
      const services = new Set(t.map((r) => r.service));
      for (const s of ['frontend', 'auth', 'checkout', 'inventory', 'payments', 'shipping', 'db-proxy']) expect(services.has(s)).toBe(true);
      // The frontend's access log is written when the response leaves, after every call below it.
      expect(t[t.length - 1].service).toBe('frontend');
      // Callee records name their caller.
      expect(t.find((r) => r.service === 'payments')?.attributes['peer.service']).toBe('checkout');
    }
    const frontend = records.find((r) => r.service === 'frontend' && r.traceId !== '');
    expect(frontend?.attributes).toMatchObject({ 'http.request.method': expect.any(String), 'client.address': expect.any(String), 'http.response.status_code': expect.any(Number) });
    expect(frontend?.body).toMatch(/^(GET|POST) \/api\/\S* \d{3} \d+ms$/);
  });

  it('follows a daily rhythm: more traffic in the afternoon than at night', () => {
    const count = (start: string): number =>
      collect({ seed: 2, start, durationMs: 10 * 60_000, anomalies: [] }).filter((r) => r.service === 'frontend' && r.traceId !== '').length;
    const night = count('2026-03-02T04:00:00Z');
    const afternoon = count('2026-03-02T16:00:00Z');
    expect(afternoon).toBeGreaterThan(night * 2.5);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => generateScenario({ rate: -1 }).next()).toThrow(/rate must be a positive number/);
    expect(() => createScenario({ anomalies: ['meteor' as never] })).toThrow(/unknown anomaly type 'meteor'/);
    expect(() => createScenario({ start: 'yesterday-ish' })).toThrow(/not a date/);
  });
});
