import { describe, expect, it } from 'vitest';
import { RecordAttributes } from '../normalize/record-attributes.js';
import { createClassifier } from './classifier.js';

/** Keys the default attribute rules read (several per rule, some shared), and values that trip them or not. */
const POOL: Array<[string, Array<string | number | boolean>]> = [
  ['http.response.status_code', [200, 401, 404, 429, 500, 503, 504]],
  ['http.status_code', [200, 403, 502]],
  ['status_code', ['500', 408]],
  ['status', ['ok', 401, 507]],
  ['exception.type', ['NullPointerException', 'SocketTimeoutException', 'ConfigException', 'AccessDeniedException']],
  ['error.type', ['ECONNREFUSED', 'EIO', 'TypeError']],
  ['auth.result', ['failure', 'success']],
  ['duration_ms', [12, 7000]],
  ['duration_s', [0.2, 9]],
  ['hw.type', ['disk']],
  ['user.name', ['alice']],
  ['peer.service', ['db']],
];

describe('classifier over RecordAttributes', () => {
  it('classifies exactly as over a Map of the same attributes (first key of a rule wins either way)', () => {
    const classifier = createClassifier();
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const severities = [0, 5, 9, 13, 17, 21];
    let withAttributeEvidence = 0;
    const attrs = new RecordAttributes();
    for (let round = 0; round < 3000; round++) {
      attrs.clear();
      const map = new Map<string, string | number | boolean>();
      const n = next(6);
      for (let k = 0; k < n; k++) {
        const [key, values] = POOL[next(POOL.length)];
        const value = values[next(values.length)];
        attrs.set(key, value);
        map.set(key, value);
      }
      const severityNumber = severities[next(severities.length)];
      const message = ['request handled', 'operation failed', 'disk error on sda'][next(3)];
      const fromMap = classifier.classify({ message, severityNumber, attributes: map }, `t${round % 5}`);
      const plain = classifier.classify({ message, severityNumber }, `t${round % 5}`);
      const fromRecord = classifier.classify({ message, severityNumber, attributes: attrs }, `t${round % 5}`);
      expect(fromRecord).toEqual(fromMap);
      if (fromMap.class !== plain.class || fromMap.confidence !== plain.confidence) withAttributeEvidence++;
    }
    // The comparison means something only if attributes often changed the verdict.
    expect(withAttributeEvidence).toBeGreaterThan(300);
  });
});
