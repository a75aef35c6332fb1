import { describe, expect, it } from 'vitest';
import { scaleRuleDurations } from './support/time-scale.js';

describe('scaleRuleDurations (used by the stack integration test)', () => {
  it('divides range, subquery, offset and for: durations, and nothing else', () => {
    const rule = [
      '      - alert: X',
      '        expr: sum(increase(a_total{le="0.5"}[5m])) > 5 and b offset 15m unless avg_over_time(c[1d:5m]) > 0.05',
      '        for: 2m',
    ].join('\n');
    expect(scaleRuleDurations(rule, 20)).toBe(
      [
        '      - alert: X',
        '        expr: sum(increase(a_total{le="0.5"}[15000ms])) > 5 and b offset 45000ms unless avg_over_time(c[4320000ms:15000ms]) > 0.05',
        '        for: 6000ms',
      ].join('\n'),
    );
  });

  it('handles compound durations', () => {
    expect(scaleRuleDurations('x[1h30m]', 10)).toBe('x[540000ms]');
  });
});
