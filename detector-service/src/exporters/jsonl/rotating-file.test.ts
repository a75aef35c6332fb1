import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, lstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFile } from './rotating-file.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anomalog-rotate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('RotatingFile', () => {
  it('rotates a regular file past its size and keeps only the configured number of old files', async () => {
    const path = join(tempDir(), 'out.jsonl');
    const file = new RotatingFile(path, 10, 2);
    for (const chunk of ['aaaaaaaa\n', 'bbbbbbbb\n', 'cccccccc\n', 'dddddddd\n']) await file.write(Buffer.from(chunk));
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('dddddddd\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('cccccccc\n');
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('bbbbbbbb\n');
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('never renames a path that is not a regular file (a FIFO, a device such as /dev/null)', async () => {
    const path = join(tempDir(), 'pipe');
    execFileSync('mkfifo', [path]);
    // A reader must hold the FIFO open, or opening it for writing would block.
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const file = new RotatingFile(path, 10, 2);
      for (const chunk of ['aaaaaaaa\n', 'bbbbbbbb\n', 'cccccccc\n']) await file.write(Buffer.from(chunk));
      await file.close();
      expect(lstatSync(path).isFIFO()).toBe(true);
      expect(existsSync(`${path}.1`)).toBe(false);
      const buf = Buffer.alloc(64);
      const n = readSync(reader, buf, 0, buf.length, null);
      expect(buf.subarray(0, n).toString()).toBe('aaaaaaaa\nbbbbbbbb\ncccccccc\n');
    } finally {
      closeSync(reader);
    }
  });
});
