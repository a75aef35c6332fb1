import { describe, expect, it } from 'vitest';
import { batch, logRecord, ms } from '../test/otlp-records.js';
import type { Classifier } from './classify/index.js';
import { createEngine } from './engine.js';
import { ATTR, LOG_CLASSES, type LogRecord } from './otlp-model.js';

const START = Date.parse('2026-03-02T09:00:00Z');

/** A small shop service: a few templates, a trace per request, latency attributes. */
function traffic(n: number, from = 0, service = 'shop'): { service: string; record: LogRecord }[] {
  const out = [];
  for (let i = from; i < from + n; i++) {
    const trace = new Uint8Array(16);
    trace[0] = (i >> 8) & 255;
    trace[1] = i & 255;
    const kind = i % 4;
    const body =
      kind === 0
        ? `GET /api/products/${1000 + (i % 50)} 200 ${20 + (i % 7)}ms`
        : kind === 1
          ? `user u${i % 30} logged in from 10.0.0.${i % 20}`
          : kind === 2
            ? `order ORD-${100000 + i} placed: ${1 + (i % 3)} items`
            : `cache hit ratio ${(0.9 + (i % 10) / 100).toFixed(2)}`;
    out.push({
      service,
      record: logRecord(body, {
        timeUnixNano: ms(START + i * 200),
        traceId: trace,
        attributes: [
          { key: 'duration_ms', value: 20 + (i % 7) },
          { key: 'http.route', value: '/api/products/{id}' },
        ],
      }),
    });
  }
  return out;
}

describe('engine', () => {
  it('adds exactly the contract attributes to each record and changes nothing else', () => {
    const engine = createEngine();
    const input = batch(traffic(300));
    const before = structuredClone(input);
    const verdicts = engine.process(input);
    expect(verdicts).toHaveLength(300);
    const names = Object.values(ATTR);
    input.resourceLogs.forEach((rl, i) => {
      const record = rl.scopeLogs[0].logRecords[0];
      const original = before.resourceLogs[i].scopeLogs[0].logRecords[0];
      const added = record.attributes.slice(original.attributes.length);
      expect(added.map((a) => a.key)).toEqual(names);
      expect({ ...record, attributes: record.attributes.slice(0, original.attributes.length) }).toEqual(original);
      expect(rl.resource).toEqual(before.resourceLogs[i].resource);
      const value = (key: string) => added.find((a) => a.key === key)?.value;
      const v = verdicts[i];
      expect(value(ATTR.score)).toBe(v.score);
      expect(typeof v.score === 'number' && v.score >= 0 && v.score <= 1).toBe(true);
      expect(value(ATTR.isAnomaly)).toBe(v.isAnomaly);
      expect(LOG_CLASSES).toContain(value(ATTR.class));
      expect(value(ATTR.template)).toBe(v.template);
      expect(value(ATTR.templateId)).toBe(v.templateId);
      expect(Array.isArray(value(ATTR.reasons))).toBe(true);
    });
  });

  it('replaces its attributes rather than adding them twice when a record comes back', () => {
    const engine = createEngine();
    const input = batch(traffic(10));
    engine.process(input);
    const count = input.resourceLogs[0].scopeLogs[0].logRecords[0].attributes.length;
    engine.process(input);
    const attrs = input.resourceLogs[0].scopeLogs[0].logRecords[0].attributes;
    expect(attrs).toHaveLength(count);
    expect(attrs.filter((a) => a.key === ATTR.score)).toHaveLength(1);
  });

  it('restores from a snapshot (through JSON) and then scores exactly as the original', () => {
    const original = createEngine();
    original.process(batch(traffic(3000)));
    const snapshot = JSON.parse(JSON.stringify(original.snapshot())) as unknown;
    const restored = createEngine({}, snapshot);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(original.snapshot()));
    const next = traffic(1500, 3000);
    const copy = structuredClone(next);
    const a = original.process(batch(next));
    const b = restored.process(batch(copy));
    expect(b).toEqual(a);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(original.snapshot()));
  });

  it('scores on record time: the same records give the same scores whenever they are replayed', () => {
    const run = () => createEngine({ clock: () => Math.random() * 1e12 }).process(batch(traffic(2000))).map((v) => v.score);
    expect(run()).toEqual(run());
  });

  it('stays within its caps with 1,000 services and counts what the caps dropped', () => {
    const engine = createEngine({ detectors: { maxServices: 200, maxTemplatesPerService: 20, maxTemplatesTotal: 1000 } });
    // 30 distinct templates per service.
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu apple banana cherry damson'.split(' ');
    for (let round = 0; round < 5; round++) {
      const records = [];
      for (let s = 0; s < 1000; s++) {
        for (let k = 0; k < 30; k++) {
          records.push({ service: `svc-${s}`, record: logRecord(`${words[k]} task finished after retry`, { timeUnixNano: ms(START + round * 60_000 + k) }) });
        }
      }
      engine.process(batch(records));
    }
    const snapshot = engine.snapshot() as { detectors: { services: { templates: unknown[] }[] } };
    expect(snapshot.detectors.services.length).toBeLessThanOrEqual(200);
    const templates = snapshot.detectors.services.reduce((n, s) => n + s.templates.length, 0);
    expect(templates).toBeLessThanOrEqual(1000);
    for (const s of snapshot.detectors.services) expect(s.templates.length).toBeLessThanOrEqual(20);
    const caps = engine.stats().capEvents;
    expect(caps.get('detectors.services.evicted')).toBeGreaterThan(0);
    expect(caps.get('detectors.templates.evicted')).toBeGreaterThan(0);
  });

  it('splits the header of raw lines: level, time and component come from it', () => {
    const engine = createEngine();
    const lines = [
      '2026-03-02 09:00:01,001 INFO dfs.DataNode: Receiving block blk_1 src: /10.0.0.1:5000',
      '2026-03-02 09:00:02,002 ERROR dfs.DataNode: Exception in receiveBlock for block blk_2',
    ];
    const records = lines.map((l) => ({ service: 'hdfs', record: logRecord(l, { severityNumber: 0, severityText: '' }) }));
    const input = batch(records);
    const [info, error] = engine.process(input);
    expect(info.severityNumber).toBe(9);
    expect(error.severityNumber).toBe(17);
    expect(error.timeMs).toBe(Date.parse('2026-03-02T09:00:02.002Z'));
    expect(error.message).toBe('Exception in receiveBlock for block blk_2');
    // The record itself keeps its body and gets only our attributes.
    expect(input.resourceLogs[1].scopeLogs[0].logRecords[0].body).toBe(lines[1]);
  });

  it('uses an injected classifier, and validates its scoring configuration', () => {
    const classifier: Classifier = {
      classify: () => ({ class: 'hardware', confidence: 0.42 }),
      explain: () => {
        throw new Error('not used');
      },
      stats: () => ({ rules: 0, cacheSize: 0, cacheCapacity: 0, cacheHits: 0, cacheMisses: 0, cacheEvictions: 0 }),
    };
    const [v] = createEngine({ classifier }).process(batch(traffic(1)));
    expect(v.class).toBe('hardware');
    expect(v.classConfidence).toBe(0.42);
    expect(() => createEngine({ scoring: { threshold: 1.5 } })).toThrow(/threshold/);
  });

  it('passes a record it cannot score through unscored, with the reason, and scores the rest', () => {
    let calls = 0;
    const classifier: Classifier = {
      classify: () => {
        if (++calls === 2) throw new Error('rule table broken');
        return { class: 'normal', confidence: 1 };
      },
      explain: () => {
        throw new Error('not used');
      },
      stats: () => ({ rules: 0, cacheSize: 0, cacheCapacity: 0, cacheHits: 0, cacheMisses: 0, cacheEvictions: 0 }),
    };
    const engine = createEngine({ classifier });
    const input = batch(traffic(3));
    const verdicts = engine.process(input);
    expect(verdicts).toHaveLength(3);
    expect(verdicts[1].reasons).toEqual(['not scored: rule table broken']);
    expect(verdicts[0].templateId).not.toBe('');
    expect(verdicts[2].templateId).not.toBe('');
    const attrs = input.resourceLogs[1].scopeLogs[0].logRecords[0].attributes;
    expect(attrs.filter((a) => a.key.startsWith('anomalog.')).map((a) => a.key)).toEqual(Object.values(ATTR));
    expect(engine.stats().capEvents.get('engine.unscored')).toBe(1);
  });

  it('draws the anomaly line per service where an override says so', () => {
    const engine = createEngine({ scoring: { threshold: 0.5, serviceThresholds: { lenient: 1 } } });
    const records = traffic(2000, 0, 'strict').concat(traffic(2000, 0, 'lenient'));
    // A burst of a new error in both services.
    for (let i = 0; i < 50; i++) {
      for (const service of ['strict', 'lenient']) {
        records.push({ service, record: logRecord(`disk /dev/sda failed: I/O error at sector ${i}`, { severityNumber: 17, severityText: 'ERROR', timeUnixNano: ms(START + 400_000 + i * 100) }) });
      }
    }
    const verdicts = engine.process(batch(records));
    expect(verdicts.filter((v) => v.service === 'strict' && v.isAnomaly).length).toBeGreaterThan(10);
    expect(verdicts.filter((v) => v.service === 'lenient' && v.isAnomaly && v.score < 1)).toHaveLength(0);
  });
});
