import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type EngineConfig } from '@anomalog/collector-processor';
import { describe, expect, it } from 'vitest';
import { TemplateCatalog } from '../admin/template-catalog.js';
import { SoakWorkload } from '../bench/soak-workload.js';
import { silentLogger } from '../logger.js';
import { STATE_FILE } from '../state/state-file.js';
import { engineSnapshot, StateKeeper } from './state-keeper.js';

const START = Date.parse('2026-03-02T09:00:00Z');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'anomalog-keeper-'));
}

type PlainSnapshot = { miner: { services: { service: string; clusters: unknown[] }[] }; detectors: { services: { name: string }[] } };

describe('StateKeeper with the streamed snapshot', () => {
  it('a save restores to exactly the engine and catalog that were saved (round trip through the file)', async () => {
    const engine = createEngine();
    const catalog = new TemplateCatalog(500);
    const workload = new SoakWorkload({ services: 120, templatesPerService: 15, recordsPerRequest: 1000, servicesPerRequest: 20 });
    for (let i = 0; i < 12; i++) catalog.observe(engine.process(workload.nextRequest(START + i * 1000)));

    const dir = tempDir();
    const keeper = new StateKeeper(dir, silentLogger());
    await keeper.save(() => engineSnapshot(engine, catalog));
    expect(keeper.saves).toBe(1);
    expect(keeper.lastSaveBytes).toBeGreaterThan(100_000);

    const restored = await new StateKeeper(dir, silentLogger()).restore();
    expect(restored.from).toBe(join(dir, STATE_FILE));
    const again = createEngine({}, restored.engine);
    expect(JSON.stringify(again.snapshot())).toBe(JSON.stringify(engine.snapshot()));
    const catalogAgain = new TemplateCatalog(500);
    catalogAgain.restore(restored.catalog!);
    expect(catalogAgain.snapshot()).toEqual(catalog.snapshot());

    // And the restored engine scores the next records exactly as the original does.
    const next = workload.nextRequest(START + 60_000);
    expect(again.process(structuredClone(next))).toEqual(engine.process(next));
  });

  it('a save while the engine keeps scoring, with services evicted and created mid-save, stays restorable', async () => {
    const caps: EngineConfig = { miner: { maxServices: 150 }, detectors: { maxServices: 150 } };
    const engine = createEngine(caps);
    const catalog = new TemplateCatalog(500);
    // 300 services against caps of 150: every request brings services back and pushes others out.
    const workload = new SoakWorkload({ services: 300, templatesPerService: 20, recordsPerRequest: 1000, servicesPerRequest: 25 });
    let time = START;
    for (let i = 0; i < 12; i++) catalog.observe(engine.process(workload.nextRequest((time += 1000))));

    const dir = tempDir();
    const keeper = new StateKeeper(dir, silentLogger());
    let done = false;
    const saving = keeper.save(() => engineSnapshot(engine, catalog)).then(() => (done = true));
    let scoredDuringSave = 0;
    while (!done) {
      catalog.observe(engine.process(workload.nextRequest((time += 1000))));
      scoredDuringSave++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await saving;
    expect(keeper.saves).toBe(1);
    // The save really was interleaved with scoring (else this test would prove nothing).
    expect(scoredDuringSave).toBeGreaterThan(2);
    expect(engine.stats().capEvents.get('services.evicted') ?? 0).toBeGreaterThan(0);

    const restored = await new StateKeeper(dir, silentLogger()).restore();
    expect(restored.from).toBe(join(dir, STATE_FILE));
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([]);
    const again = createEngine(caps, restored.engine);
    const plain = again.snapshot() as PlainSnapshot;
    const minerNames = plain.miner.services.map((s) => s.service);
    const detectorNames = plain.detectors.services.map((s) => s.name);
    expect(new Set(minerNames).size).toBe(minerNames.length);
    expect(new Set(detectorNames).size).toBe(detectorNames.length);
    expect(minerNames.length).toBeGreaterThan(0);
    expect(minerNames.length).toBeLessThanOrEqual(150);
    expect(detectorNames.length).toBeLessThanOrEqual(150);
    const stats = again.stats();
    expect([...stats.templatesByService.values()].reduce((a, b) => a + b, 0)).toBe(plain.miner.services.reduce((n, s) => n + s.clusters.length, 0));
    // The restored engine goes on scoring every record.
    const verdicts = again.process(workload.nextRequest((time += 1000)));
    expect(verdicts).toHaveLength(1000);
    expect(verdicts.every((v) => v.templateId !== '')).toBe(true);
    expect(again.stats().capEvents.get('engine.unscored')).toBeUndefined();
  });
});
