import { describe, expect, it } from 'vitest';
import { createEngine, type RecordVerdict } from '@anomalog/collector-processor';
import { sampleLogsBatch } from '../bench/otlp-sample-batch.js';
import { decodeVerdicts, encodeVerdicts, wireTransferables } from './verdict-wire.js';

describe('verdict wire form', () => {
  it('gives back the engine verdicts it was given, reasons, parameters and all', () => {
    const engine = createEngine();
    let verdicts: RecordVerdict[] = [];
    for (let seed = 1; seed <= 3; seed++) verdicts = engine.process(sampleLogsBatch({ records: 1000, services: 20, seed }));
    expect(verdicts.some((v) => v.params.length > 0)).toBe(true);
    const wire = encodeVerdicts(verdicts);
    // Repeated strings travel once.
    expect(wire.strings.length).toBeLessThan(verdicts.length);
    expect(decodeVerdicts(structuredClone(wire, { transfer: wireTransferables(wire) }))).toEqual(verdicts);
  });

  it('keeps what makes verdicts differ: flags, reasons, a parameter without a value', () => {
    const base: RecordVerdict = {
      service: 'checkout',
      timeMs: 1_700_000_000_123,
      severityNumber: 17,
      message: 'disk /dev/sda1 full',
      template: 'disk <*> full',
      templateId: 'a1b2',
      params: [{ type: 'path', text: '/dev/sda1' }],
      newTemplate: true,
      score: 0.93,
      isAnomaly: true,
      class: 'hardware',
      classConfidence: 0.8,
      reasons: ['new template', 'rare severity'],
    };
    const other: RecordVerdict = { ...base, params: [{ type: 'duration', text: '5s', value: 5000 }], newTemplate: false, isAnomaly: false, reasons: [], score: 0.1, class: 'normal' };
    expect(decodeVerdicts(encodeVerdicts([base, other, base]))).toEqual([base, other, base]);
    expect(decodeVerdicts(encodeVerdicts([]))).toEqual([]);
  });
});
