import { describe, expect, it } from 'vitest';
import { createScenario, toLogRecord } from '../generator/index.js';
import type { Resource } from '@anomalog/collector-processor';
import { runEngine } from './detection-engine-run.js';

/**
 * Calibration: on healthy traffic (the generator's shop with no incident injected) the score
 * distribution must sit mostly below the anomaly threshold, in every service alike.
 */
describe('score calibration on normal traffic', () => {
  it('flags under 1% of the records of a healthy system, and under 3% in every service', () => {
    const records = [...createScenario({ seed: 99, records: 60_000, anomalies: [] }).records()];
    const resources = new Map<Record<string, string>, Resource>();
    const run = runEngine(
      records.map((r) => {
        let resource = resources.get(r.resource);
        if (resource === undefined) {
          resource = { attributes: Object.entries(r.resource).map(([key, value]) => ({ key, value })), droppedAttributesCount: 0 };
          resources.set(r.resource, resource);
        }
        return { resource, record: toLogRecord(r) };
      }),
      records.length,
    );
    const byService = new Map<string, { n: number; flagged: number; scores: number[] }>();
    records.forEach((r, i) => {
      const s = byService.get(r.service) ?? { n: 0, flagged: 0, scores: [] };
      s.n++;
      if (run.flagged[i]) s.flagged++;
      s.scores.push(run.scores[i]);
      byService.set(r.service, s);
    });
    const flagged = run.flagged.filter(Boolean).length;
    expect(flagged / records.length).toBeLessThan(0.01);
    for (const [service, s] of byService) {
      s.scores.sort((a, b) => a - b);
      // The bulk of each service's scores sits far below the 0.5 threshold.
      expect(s.scores[Math.floor(0.95 * s.n)], service).toBeLessThan(0.2);
      expect(s.flagged / s.n, service).toBeLessThan(0.03);
    }
  });
});
