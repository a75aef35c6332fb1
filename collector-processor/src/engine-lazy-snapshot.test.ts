import { describe, expect, it } from 'vitest';
import { batch, logRecord, ms } from '../test/otlp-records.js';
import { createEngine } from './engine.js';
import { isLazyJsonArray, JSON_ITEMS } from './lazy-json-array.js';
import type { LogRecord } from './otlp-model.js';

const START = Date.parse('2026-03-02T09:00:00Z');
const VERBS = ['started', 'stopped', 'retried', 'failed', 'queued', 'flushed'];

/** `n` records spread over `services` services, a few templates each, numbers as parameters. */
function records(n: number, services: number, from = 0): { service: string; record: LogRecord }[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const body = `job ${VERBS[i % VERBS.length]} on worker ${i % 13} after ${i % 97} ms`;
    return { service: `svc-${i % services}`, record: logRecord(body, { timeUnixNano: ms(START + i * 50), severityNumber: 9 }) };
  });
}

type Lazy = { [JSON_ITEMS](): Iterator<unknown> };
type LazyEngineSnapshot = { miner: { services: Lazy }; detectors: { services: Lazy } };
type PlainSnapshot = { miner: { services: { service: string }[]; tick: number }; detectors: { services: { name: string }[] } };

describe('the engine lazy snapshot', () => {
  it('is the same data as snapshot(), and restores to the same engine', () => {
    const engine = createEngine();
    engine.process(batch(records(3000, 40)));
    const lazy = engine.lazySnapshot!();
    const viaJson = JSON.parse(JSON.stringify(lazy)) as unknown;
    expect(viaJson).toEqual(JSON.parse(JSON.stringify(engine.snapshot())));
    const restored = createEngine({}, viaJson);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(engine.snapshot()));
  });

  it('builds each service part only when its item is taken', () => {
    const engine = createEngine();
    engine.process(batch(records(600, 30)));
    const lazy = engine.lazySnapshot!() as LazyEngineSnapshot;
    expect(isLazyJsonArray(lazy.miner.services)).toBe(true);
    expect(isLazyJsonArray(lazy.detectors.services)).toBe(true);
    // Learning after the lazy snapshot was taken shows in the parts taken afterwards.
    engine.process(batch(records(30, 30, 600)));
    const first = lazy.miner.services[JSON_ITEMS]().next().value as { clusters: { count: number }[] };
    const plainFirst = (engine.snapshot() as PlainSnapshot).miner.services[0] as unknown as { clusters: { count: number }[] };
    expect(first.clusters.map((c) => c.count)).toEqual(plainFirst.clusters.map((c) => c.count));
  });

  it('leaves out a service evicted before its turn and never writes a service twice', () => {
    const engine = createEngine({ miner: { maxServices: 20 }, detectors: { maxServices: 20 } });
    engine.process(batch(records(400, 20)));
    const lazy = engine.lazySnapshot!() as LazyEngineSnapshot;
    const minerItems = lazy.miner.services[JSON_ITEMS]();
    const detectorItems = lazy.detectors.services[JSON_ITEMS]();
    const written = [minerItems.next().value as { service: string }];
    // Mid-save, ten new services push the least recently used ones out (both caps are 20).
    engine.process(batch(records(10, 10).map((r) => ({ ...r, service: `new-${r.service}` }))));
    for (let item = minerItems.next(); item.done !== true; item = minerItems.next()) written.push(item.value as { service: string });
    const names = written.map((s) => s.service);
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((n) => n.startsWith('new-'))).toBe(false);
    expect(names.length).toBeLessThan(20);
    const detectorParts: { name: string }[] = [];
    for (let item = detectorItems.next(); item.done !== true; item = detectorItems.next()) detectorParts.push(item.value as { name: string });
    const detectorNames = detectorParts.map((s) => s.name);
    expect(new Set(detectorNames).size).toBe(detectorNames.length);
    expect(detectorNames.length).toBeLessThan(20);

    // What was written restores, and within the caps.
    const plain = JSON.parse(JSON.stringify(lazy)) as PlainSnapshot;
    plain.miner.services = written;
    plain.detectors.services = detectorParts;
    const restored = createEngine({ miner: { maxServices: 20 }, detectors: { maxServices: 20 } }, plain);
    expect(restored.stats().services).toBe(names.length);
    const tick = (restored.snapshot() as PlainSnapshot).miner.tick;
    expect(tick).toBeGreaterThanOrEqual(410);
  });
});
