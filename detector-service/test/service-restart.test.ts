/**
 * A restart does not forget: the learned state is saved on stop (and periodically) and restored
 * at start, so templates, their ids and the engine's baselines come back, and records of known
 * kinds are not new again. A fresh state directory is the control: there, they are.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './helpers/service-harness.js';
import { emitThroughSdk, sdkExporter } from './helpers/sdk-send.js';
import { counterValue } from './helpers/metric-values.js';
import { existsSync } from 'node:fs';

const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

async function start(stateDir: string, sets: string[] = []): Promise<Harness> {
  const h = await startHarness({ stateDir, withoutForward: true, sets });
  running.push(h);
  return h;
}

async function templateIds(h: Harness, service: string): Promise<string[]> {
  const body = (await (await fetch(`${h.admin}/api/v1/templates?service=${service}&limit=1000`)).json()) as {
    services: { templates: { id: string }[] }[];
  };
  return (body.services[0]?.templates ?? []).map((t) => t.id).sort();
}

async function send(h: Harness, startMs: number): Promise<void> {
  await emitThroughSdk(sdkExporter('http-protobuf', h), { service: 'ledger', normal: 200, incident: 0, startMs });
  await waitFor(() => h.service.exporters.every((e) => e.pending === 0), 10_000, 'exports');
}

describe('restart', () => {
  it('keeps learned templates, ids and engine statistics across a stop and start', async () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'anomalog-restart-')), 'state');
    const first = await start(stateDir);
    await send(first, Date.UTC(2026, 10, 24, 11));
    // The engine runs in the scoring thread: its figures and state are asked for (and taken
    // before the stop, which ends the thread).
    const statsBefore = await first.service.engineStats();
    const snapshotBefore = await first.service.engineSnapshot();
    const idsBefore = await templateIds(first, 'ledger');
    expect(idsBefore.length).toBeGreaterThan(0);
    expect(await counterValue(first.service.metrics, 'anomalog_new_templates_total', { service: 'ledger', severity: 'INFO' })).toBe(idsBefore.length);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(true);

    const second = await start(stateDir);
    const statsAfter = await second.service.engineStats();
    expect(statsAfter.services).toBe(statsBefore.services);
    expect([...statsAfter.templatesByService]).toEqual([...statsBefore.templatesByService]);
    expect(await templateIds(second, 'ledger')).toEqual(idsBefore);
    expect(await second.service.engineSnapshot()).toEqual(JSON.parse(JSON.stringify(snapshotBefore)));

    // The same kinds of records, a little later: nothing is new to the restored engine.
    await send(second, Date.UTC(2026, 10, 24, 11, 5));
    expect(await counterValue(second.service.metrics, 'anomalog_new_templates_total', { service: 'ledger', severity: 'INFO' })).toBe(0);
    expect(await templateIds(second, 'ledger')).toEqual(idsBefore);

    // Control: without the state, the same records create their templates again.
    const fresh = await start(join(mkdtempSync(join(tmpdir(), 'anomalog-restart-')), 'state'));
    await send(fresh, Date.UTC(2026, 10, 24, 11, 5));
    expect(await counterValue(fresh.service.metrics, 'anomalog_new_templates_total', { service: 'ledger', severity: 'INFO' })).toBe(idsBefore.length);
  }, 60_000);

  it('saves periodically while running, so a crash loses at most one interval', async () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'anomalog-restart-')), 'state');
    const h = await start(stateDir, ['state.intervalSeconds=0.2']);
    await send(h, Date.UTC(2026, 10, 24, 12));
    await waitFor(() => (h.service.status().state as { saves: number }).saves > 0, 5_000, 'a periodic save');
    expect(existsSync(join(stateDir, 'state.json'))).toBe(true);
  });
});
