import { describe, expect, it } from 'vitest';
import { createEngine, type RecordVerdict } from '@anomalog/collector-processor';
import { sampleLogsBatch } from '../bench/otlp-sample-batch.js';
import { decodeVerdicts, encodeVerdicts, wireTransferables } from './verdict-wire.js';

describe('verdict wire form', () => {
  it('gives back the engine verdicts; message and parameters for anomalies only', () => {
    const engine = createEngine();
    let verdicts: RecordVerdict[] = [];
    for (let seed = 1; seed <= 3; seed++) verdicts = engine.process(sampleLogsBatch({ records: 1000, services: 20, seed }));
    expect(verdicts.some((v) => v.params.length > 0)).toBe(true);
    // Some anomalies among them, with their message and parameters.
    verdicts[3] = { ...verdicts[3], isAnomaly: true, reasons: ['burst of a template'] };
    const wire = encodeVerdicts(verdicts);
    // Repeated strings travel once.
    expect(wire.strings.length).toBeLessThan(verdicts.length);
    const expected = verdicts.map((v) => (v.isAnomaly ? v : { ...v, message: '', params: [] }));
    const decoded = decodeVerdicts(structuredClone(wire, { transfer: wireTransferables(wire) }));
    expect(decoded).toEqual(expected);
    expect(decoded[3].message).toBe(verdicts[3].message);
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
    const otherAnomaly = { ...other, isAnomaly: true };
    expect(decodeVerdicts(encodeVerdicts([base, other, otherAnomaly, base]))).toEqual([base, { ...other, message: '', params: [] }, otherAnomaly, base]);
    expect(decodeVerdicts(encodeVerdicts([]))).toEqual([]);
  });
});
