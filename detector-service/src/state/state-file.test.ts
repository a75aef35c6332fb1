import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadState, saveState, STATE_FILE } from './state-file.js';

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
});
