import { describe, expect, it } from 'vitest';
import { generateScenario } from './scenario.js';
import { toLogsBatch, toLogsData } from './to-logs-data.js';

describe('toLogsData', () => {
  it('groups records by service resource, keeps every record and leaves the ground truth out', () => {
    const records = [...generateScenario({ seed: 3, records: 2000 })];
    const data = toLogsData(records);
    const all = data.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
    expect(all).toHaveLength(records.length);
    const names = data.resourceLogs.map((rl) => rl.resource?.attributes.find((a) => a.key === 'service.name')?.value);
    expect(new Set(names).size).toBeGreaterThanOrEqual(7);
    for (const rec of all) {
      expect(rec.attributes.some((a) => a.key.startsWith('test.') || a.key === 'label')).toBe(false);
      expect(typeof rec.timeUnixNano).toBe('bigint');
    }
  });

  it('converts ids to bytes and integer attributes to int64', () => {
    const r = [...generateScenario({ seed: 3, records: 500 })].find((x) => x.traceId !== '' && x.service === 'frontend');
    if (r === undefined) throw new Error('no traced frontend record');
    const rec = toLogsData([r]).resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(Buffer.from(rec.traceId).toString('hex')).toBe(r.traceId);
    expect(Buffer.from(rec.spanId).toString('hex')).toBe(r.spanId);
    expect(rec.attributes.find((a) => a.key === 'http.response.status_code')?.value).toBe(BigInt(r.attributes['http.response.status_code'] as number));
    expect(rec.body).toBe(r.body);
    expect(rec.severityNumber).toBe(r.severityNumber);
  });

  it('toLogsBatch returns the records in the document order of the data', () => {
    const records = [...generateScenario({ seed: 8, records: 1000 })];
    const { data, records: ordered } = toLogsBatch(records);
    const bodies = data.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((l) => l.body)));
    expect(bodies).toEqual(ordered.map((r) => r.body));
    expect(new Set(ordered)).toEqual(new Set(records));
  });
});
