import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { LazyJsonArray } from '@anomalog/collector-processor';
import { LazyParsedArray } from './lazy-json-parse.js';
import { loadState, readStateFile, saveState, STATE_FILE } from './state-file.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'anomalog-state-'));
}

describe('state files', () => {
  it('saves atomically and restores exactly, keeping the previous state beside the current one', async () => {
    const dir = tempDir();
    await saveState(dir, { generation: 1, templates: ['a <*>'] });
    await saveState(dir, { generation: 2, templates: ['a <*>', 'b'] });
    expect(readdirSync(dir).sort()).toEqual([STATE_FILE, `${STATE_FILE}.prev`]);
    const loaded = await loadState(dir);
    expect(loaded.state).toEqual({ generation: 2, templates: ['a <*>', 'b'] });
    expect(loaded.rejected).toEqual([]);
  });

  it('never leaves a moment without a current state file while a new one replaces it', async () => {
    const dir = tempDir();
    await saveState(dir, { generation: 0 });
    let looks = 0;
    let missing = 0;
    let saving = true;
    const watch = (): void => {
      looks++;
      if (!existsSync(join(dir, STATE_FILE))) missing++;
      if (saving) setImmediate(watch);
    };
    setImmediate(watch);
    for (let generation = 1; generation <= 30; generation++) await saveState(dir, { generation });
    saving = false;
    expect(looks).toBeGreaterThan(30);
    expect(missing).toBe(0);
    expect((await loadState(dir)).state).toEqual({ generation: 30 });
    expect((await readStateFile(join(dir, `${STATE_FILE}.prev`))).state).toEqual({ generation: 29 });
  });

  it('never loads a torn or corrupted file: it falls back to the previous state and keeps the bad file aside', async () => {
    const dir = tempDir();
    await saveState(dir, { generation: 1 });
    await saveState(dir, { generation: 2 });
    const current = join(dir, STATE_FILE);
    const text = readFileSync(current);
    writeFileSync(current, text.subarray(0, text.length - 3)); // a write cut short

    const loaded = await loadState(dir);
    expect(loaded.state).toEqual({ generation: 1 });
    expect(loaded.from).toBe(join(dir, `${STATE_FILE}.prev`));
    expect(loaded.rejected[0].reason).toMatch(/torn write/);
    expect(readdirSync(dir).some((f) => f.startsWith(`${STATE_FILE}.corrupt-`))).toBe(true);
  });

  it('detects a flipped byte by checksum and starts empty when no good file remains', async () => {
    const dir = tempDir();
    await saveState(dir, { generation: 1, note: 'abcdef' });
    const current = join(dir, STATE_FILE);
    writeFileSync(current, readFileSync(current, 'utf8').replace('abcdef', 'abcdeg'));
    const loaded = await loadState(dir);
    expect(loaded.state).toBeUndefined();
    expect(loaded.from).toBeUndefined();
    expect(loaded.rejected[0].reason).toMatch(/checksum mismatch/);
  });

  it('ignores and removes the temporary file of a save that was cut short', async () => {
    const dir = tempDir();
    await saveState(dir, { generation: 1 });
    writeFileSync(join(dir, `${STATE_FILE}.tmp-4242`), '{"format":"anomalog-state","version":1,"bytes":99');
    const loaded = await loadState(dir);
    expect(loaded.state).toEqual({ generation: 1 });
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
  });

  it('starts empty without complaint when there is no state yet', async () => {
    const loaded = await loadState(tempDir());
    expect(loaded).toEqual({ state: undefined, from: undefined, rejected: [] });
  });

  it('writes the payload byte for byte as JSON.stringify, with its length and SHA-256 in the header', async () => {
    const dir = tempDir();
    const state = { text: 'é 😀 "quoted" \n', list: [1, 2.5, null, true], nested: { deep: [[{}]] } };
    const bytes = await saveState(dir, state);
    const file = readFileSync(join(dir, STATE_FILE));
    const newline = file.indexOf(0x0a);
    const payload = file.subarray(newline + 1);
    expect(payload.toString('utf8')).toBe(JSON.stringify(state));
    const header = JSON.parse(file.subarray(0, newline).toString('utf8')) as { bytes: number; sha256: string };
    expect(header.bytes).toBe(bytes);
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(state)));
    expect(header.sha256).toBe(createHash('sha256').update(payload).digest('hex'));
  });

  it('still loads a file in the layout written before saves were streamed (unpadded header)', async () => {
    const dir = tempDir();
    const payload = Buffer.from(JSON.stringify({ generation: 7, templates: ['x <*>'] }));
    const header = { format: 'anomalog-state', version: 1, bytes: payload.length, sha256: createHash('sha256').update(payload).digest('hex'), savedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(dir, STATE_FILE), Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), payload]));
    const loaded = await loadState(dir);
    expect(loaded.state).toEqual({ generation: 7, templates: ['x <*>'] });
    expect(loaded.savedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('fails a save of a state JSON cannot hold without touching the current file or leaving a temporary one', async () => {
    const dir = tempDir();
    await saveState(dir, { generation: 1 });
    await expect(saveState(dir, { generation: 2, big: 10n })).rejects.toThrow(TypeError);
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
    expect((await loadState(dir)).state).toEqual({ generation: 1 });
  });

  it('keeps the event loop turning while a large state is saved', async () => {
    const dir = tempDir();
    // About 20 MB of JSON: JSON.stringify would hold the loop for the whole of it.
    const state = { templates: Array.from({ length: 200_000 }, (_, i) => ({ id: `svc-${i}`, tokens: ['connection', 'from', '<*>', 'closed', `after ${i} ms`], count: i, seen: [i * 1.5, i * 2.25, null] })) };
    const stringifyStarted = performance.now();
    JSON.stringify(state);
    const wholeBlockMs = performance.now() - stringifyStarted; // what the former save blocked for, at least
    let ticks = 0;
    let longestGapMs = 0;
    let lastTick = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - lastTick);
      lastTick = now;
      ticks++;
    }, 1);
    let bytes: number;
    try {
      bytes = await saveState(dir, state);
    } finally {
      clearInterval(timer);
    }
    expect(bytes).toBeGreaterThan(20_000_000);
    expect(ticks).toBeGreaterThan(10);
    // Relative to the same machine's one-piece stringify, so a busy machine slows both alike.
    expect(longestGapMs).toBeLessThan(wholeBlockMs / 2);
    const { state: loaded } = await readStateFile(join(dir, STATE_FILE));
    expect(loaded).toEqual(state);
  });

  it('saves lazy arrays as plain arrays, and can read chosen arrays back one item at a time', async () => {
    const dir = tempDir();
    const parts = Array.from({ length: 50 }, (_, i) => ({ service: `svc-${i}`, clusters: [{ id: `t${i}`, tokens: ['a', '<*>', ']}"'] }] }));
    await saveState(dir, { engine: { miner: { services: new LazyJsonArray(() => parts), tick: 7 } }, catalog: { 'svc-0': [] } });
    const plain = await readStateFile(join(dir, STATE_FILE));
    expect(plain.state).toEqual({ engine: { miner: { services: parts, tick: 7 } }, catalog: { 'svc-0': [] } });
    const lazy = await loadState(dir, { lazyArrays: [['engine', 'miner', 'services']] });
    const services = (lazy.state as { engine: { miner: { services: unknown } } }).engine.miner.services;
    expect(services).toBeInstanceOf(LazyParsedArray);
    expect([...(services as LazyParsedArray)]).toEqual(parts);
    expect((lazy.state as { catalog: unknown }).catalog).toEqual({ 'svc-0': [] });
  });
});
