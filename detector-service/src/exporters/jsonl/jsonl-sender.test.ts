import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonlExporterSchema } from '../../config/schema.js';
import { exportRecord } from '../../../test/helpers/records.js';
import { JsonlSender } from './jsonl-sender.js';

describe('JSONL exporter', () => {
  it('writes one JSON object per record with the anomalog attributes, resource and ids', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const sender = new JsonlSender(jsonlExporterSchema.parse({ path: '-' }), out);
    const result = await sender.send([
      exportRecord({
        service: 'api',
        body: 'timeout after 3000 ms',
        timeMs: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
        isAnomaly: true,
        cls: 'performance',
        spanId: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
        attributes: [{ key: 'retries', value: 3n }],
      }),
    ]);
    expect(result).toEqual({ kind: 'ok' });
    const line = JSON.parse(chunks.join('').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      time: '2026-01-02T03:04:05.678000123Z',
      service: 'api',
      body: 'timeout after 3000 ms',
      span_id: '0102030405060708',
      resource: { 'service.name': 'api' },
      attributes: { retries: 3, 'anomalog.is_anomaly': true, 'anomalog.class': 'performance', 'anomalog.score': 0.97 },
    });
  });

  it('rotates the file by size and keeps only the configured number of old files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-jsonl-'));
    const path = join(dir, 'records.jsonl');
    // ~0.55 KiB per line (the template repeats the body), 2 KiB per file, 2 old files kept.
    const sender = new JsonlSender(jsonlExporterSchema.parse({ path, maxFileSizeMiB: 2 / 1024, maxFiles: 2 }));
    const body = 'x'.repeat(200);
    for (let i = 0; i < 12; i++) await sender.send([exportRecord({ service: 's', body: `${i} ${body}`, timeMs: 1_000 + i })]);
    await sender.close();
    expect(readdirSync(dir).sort()).toEqual(['records.jsonl', 'records.jsonl.1', 'records.jsonl.2']);
    const current = readFileSync(path, 'utf8').trim().split('\n');
    expect(current.length).toBeGreaterThan(0);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(2048);
    // The newest record is in the current file, the oldest ones were rotated away.
    expect(JSON.parse(current[current.length - 1]).body).toMatch(/^11 /);
    const all = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));
    expect(all.some((l) => (JSON.parse(l) as { body: string }).body.startsWith('0 '))).toBe(false);
  });
});
