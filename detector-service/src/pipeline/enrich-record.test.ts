import { describe, expect, it } from 'vitest';
import { createEngine } from '@anomalog/collector-processor';
import { sampleLogsBatch } from '../bench/otlp-sample-batch.js';
import { decodeExportLogsRequest } from '../otlp/proto-decode-logs.js';
import { encodeExportLogsRequest } from '../otlp/proto-encode-logs.js';
import { enrichFromVerdicts } from './enrich-record.js';

describe('enriching a copy of a request from its verdicts', () => {
  it('gives the records the attributes the engine gives its own copy, also on a second pass', () => {
    const bytes = encodeExportLogsRequest(sampleLogsBatch({ records: 500, services: 10, seed: 7 }));
    const engine = createEngine();
    for (let pass = 0; pass < 2; pass++) {
      // The second pass scores records that already carry anomalog.* attributes (replaced, not added).
      const scored = decodeExportLogsRequest(pass === 0 ? bytes : encodeExportLogsRequest(decodeExportLogsRequest(bytes)));
      const copy = decodeExportLogsRequest(pass === 0 ? bytes : encodeExportLogsRequest(decodeExportLogsRequest(bytes)));
      if (pass === 1) {
        engine.process(scored);
        engine.process(copy);
      }
      const verdicts = engine.process(scored);
      enrichFromVerdicts(copy, verdicts);
      expect(copy).toEqual(scored);
      expect(scored.resourceLogs[0].scopeLogs[0].logRecords[0].attributes.filter((a) => a.key.startsWith('anomalog.')).length).toBe(7);
    }
  });

  it('refuses verdicts that do not match the records one to one', () => {
    const data = sampleLogsBatch({ records: 10, services: 2, seed: 1 });
    const verdicts = createEngine().process(sampleLogsBatch({ records: 10, services: 2, seed: 1 }));
    expect(() => enrichFromVerdicts(data, verdicts.slice(0, 9))).toThrow(/9 verdicts for 10 records/);
  });
});
