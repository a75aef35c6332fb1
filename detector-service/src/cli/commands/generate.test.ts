import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './generate.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'anomalog-generate-'));
  dirs.push(d);
  return d;
}

describe('anomalog generate', () => {
  it('writes the requested number of JSONL records and the incident schedule', async () => {
    const dir = tempDir();
    const out = join(dir, 'logs.jsonl');
    const incidents = join(dir, 'incidents.json');
    const code = await run(['--records', '20000', '--seed', '12', '--warmup', '2m', '--gap', '3m', '--out', out, '--incidents', incidents]);
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20000);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['time', 'time_unix_nano', 'service', 'resource', 'severity', 'severity_number', 'body', 'attributes', 'trace_id', 'span_id', 'label', 'anomaly_type', 'incident_id']);
    const schedule = JSON.parse(readFileSync(incidents, 'utf8')) as Array<{ id: string }>;
    expect(schedule.length).toBeGreaterThan(0);
    const labelledIds = new Set(lines.map((l) => (JSON.parse(l) as { incident_id: string | null }).incident_id).filter((x) => x !== null));
    for (const id of labelledIds) expect(schedule.some((s) => s.id === id)).toBe(true);
  });

  it('refuses bad options with exit code 2 and a message naming the option', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(['--anomalies', 'meteor_strike'])).toBe(2);
    expect(await run(['--duration', 'soon'])).toBe(2);
    expect(await run(['--otlp', 'carrier-pigeon'])).toBe(2);
    const text = err.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toMatch(/meteor_strike/);
    expect(text).toMatch(/'soon' is not a duration/);
    expect(text).toMatch(/--otlp must be one of grpc, http, http-json/);
  });
});
