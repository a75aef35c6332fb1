import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOG_CLASSES } from '@anomalog/collector-processor';
import { run } from './score.js';

describe('anomalog score', () => {
  let dir: string;
  let out: string;
  let err: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anomalog-score-'));
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports an undecodable line with file and line number, skips it and scores the rest', async () => {
    const file = join(dir, 'sshd.log');
    const good = (n: number, user: string): Buffer =>
      Buffer.from(`Dec 10 06:55:4${n} LabSZ sshd[2420${n}]: Failed password for ${user} from 10.0.0.${n} port 22 ssh2\n`);
    await writeFile(file, Buffer.concat([good(1, 'root'), Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x0a]), good(3, 'root')]));
    const code = await run(['--json', file]);
    expect(code).toBe(1);
    expect(err).toContain(`${file}:2: not valid UTF-8, skipped`);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.lineNumber)).toEqual([1, 3]);
    expect(lines[0]).toMatchObject({
      file,
      service: 'sshd',
      template: 'Failed password for root from <*> port <*> ssh2',
      parameters: [
        { type: 'ip', text: '10.0.0.1' },
        { type: 'number', text: '22', value: 22 },
      ],
    });
    expect(lines[1].template_id).toBe(lines[0].template_id);
    // The engine's verdict rides along.
    expect(lines[0].score).toBeGreaterThanOrEqual(0);
    expect(lines[0].score).toBeLessThanOrEqual(1);
    expect(typeof lines[0].is_anomaly).toBe('boolean');
    expect(LOG_CLASSES).toContain(lines[0].class);
    expect(Array.isArray(lines[0].reasons)).toBe(true);
  });

  it('reports a line over --max-line and keeps the lines around it', async () => {
    const file = join(dir, 'app.log');
    await writeFile(file, `short one\n${'x'.repeat(5000)}\nshort two\n`);
    expect(await run(['--json', '--max-line', '100', file])).toBe(1);
    expect(err).toContain(`${file}:2: line longer than 100 bytes, skipped`);
    expect(out.trim().split('\n').map((l) => (JSON.parse(l) as { lineNumber: number }).lineNumber)).toEqual([1, 3]);
  });

  it('exits 2 with usage on no input, and reports a missing file without stopping', async () => {
    expect(await run([])).toBe(2);
    const file = join(dir, 'ok.log');
    await writeFile(file, 'hello world\n');
    expect(await run(['--json', join(dir, 'missing.log'), file])).toBe(1);
    expect(err).toMatch(/missing\.log: ENOENT/);
    expect(out).toContain('"template":"hello world"');
  });
});
