import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import { newLogRecord, type LogsData } from '../otlp-model.js';

function batch(lines: Array<[string, number]>): LogsData {
  return {
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: 'edge-router' }], droppedAttributesCount: 0 },
      scopeLogs: [{
        scope: undefined,
        schemaUrl: '',
        logRecords: lines.map(([body, severityNumber], i) => newLogRecord(body, { timeUnixNano: BigInt(1_772_442_000_000 + i * 1000) * 1_000_000n, severityNumber })),
      }],
      schemaUrl: '',
    }],
  };
}

describe('classification inside the engine', () => {
  it('tags every record with a class and confidence, and takes user rules from the engine configuration', () => {
    const lines: Array<[string, number]> = [
      ['PCIe AER: corrected receiver error on port 3', 13],
      ['dial tcp 10.1.1.1:443: connect: connection refused', 17],
    ];
    const plain = createEngine({ clock: () => 1_772_442_000_000 }).process(batch(lines));
    expect(plain[1].class).toBe('network');
    expect(plain[0].class).not.toBe('hardware');

    const data = batch(lines);
    const custom = createEngine({
      clock: () => 1_772_442_000_000,
      // As it arrives from YAML: processor.engine.classifier.extraRules
      classifier: { extraRules: [{ id: 'site.pcie-aer', class: 'hardware', weight: 4, words: ['pcie aer'] }] },
    }).process(data);
    expect(custom[0].class).toBe('hardware');
    const attrs = data.resourceLogs[0].scopeLogs[0].logRecords[0].attributes;
    expect(attrs.find((a) => a.key === 'anomalog.class')?.value).toBe('hardware');
    const confidence = attrs.find((a) => a.key === 'anomalog.class_confidence')?.value;
    expect(typeof confidence).toBe('number');
    expect(confidence as number).toBeGreaterThan(0.5);
  });
});
