import { describe, expect, it } from 'vitest';
import { serviceName } from '@anomalog/collector-processor';
import { edgesOf, SpanWindow } from '../metrics/graph-edges.js';
import { SERVICES } from './topology.js';
import { generateScenario, toLogsData } from './index.js';

describe('generated records in the service graph', () => {
  it('draw every service-to-service edge from caller to callee under the default reading of peer.service', () => {
    const data = toLogsData(generateScenario({ records: 8_000, seed: 7 }));
    const edges = new Set<string>();
    const spans = new SpanWindow(10_000, 600);
    const services = new Set<string>(SERVICES);
    for (const rl of data.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const record of sl.logRecords) {
          for (const e of edgesOf(serviceName(rl.resource), record, rl.resource, spans, 0)) {
            if (services.has(e.client) && services.has(e.server)) edges.add(`${e.client} -> ${e.server}`);
          }
        }
      }
    }
    for (const call of ['frontend -> auth', 'frontend -> checkout', 'checkout -> inventory', 'checkout -> payments', 'checkout -> shipping', 'inventory -> db-proxy']) {
      expect(edges).toContain(call);
    }
    // Nothing calls the frontend, and the database proxy calls nobody.
    for (const edge of edges) {
      expect(edge.endsWith('-> frontend')).toBe(false);
      expect(edge.startsWith('db-proxy ->')).toBe(false);
    }
    expect(edges).not.toContain('payments -> checkout');
  });
});
