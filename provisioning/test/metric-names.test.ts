import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../detector-service/src/metrics/service-metrics.js';
// The exporters' memo caches register as their modules load, as they do in the service.
import '../../detector-service/src/exporters/create-exporter.js';
import { contractMetrics } from './support/contracts.js';
import { parseExposition } from './support/exposition.js';

// The provisioning queries are checked against docs/contracts.md. This keeps the contract and
// the service saying the same thing: the service's own metrics object, fed one of everything,
// must expose exactly the contract's families with the contract's labels.
describe('metric names: docs/contracts.md and what the service exposes agree', () => {
  const contract = contractMetrics();
  let exposed: ReturnType<typeof parseExposition>;

  beforeAll(async () => {
    const metrics = new ServiceMetrics({ labelValuesLimit: 50, processMetrics: false });
    metrics.setEngineStats(() => ({
      services: 1,
      templatesByService: new Map([['checkout', 3]]),
      capEvents: new Map([['templates.merged', 1]]),
    }));
    metrics.registerExporter('loki');
    metrics.setExporterSources(() => [{ name: 'loki', pending: 10, capacity: 100 }]);
    metrics.recordsReceived('grpc', 2);
    metrics.recordsAccepted('grpc', 2);
    metrics.recordsRefused('http', 'backpressure', 1);
    metrics.requestRefused('http', 'unauthenticated');
    metrics.observeProcessing('grpc', 0.002);
    metrics.observeVerdicts([
      {
        service: 'checkout', timeMs: 0, severityNumber: 17, message: 'payment failed', template: 'payment failed',
        templateId: 't1', params: [], newTemplate: true, score: 0.97, isAnomaly: true, class: 'system_failure',
        classConfidence: 0.9, reasons: ['new template'],
      },
    ]);
    metrics.observeEdges([{ client: 'frontend', server: 'checkout', calls: 3, anomalous: 1 }]);
    metrics.sent('loki', 2);
    metrics.failed('loki', 'http_503', 1);
    metrics.dropped('loki', 'http_400', 1);
    exposed = parseExposition(await metrics.registry.metrics());
  });

  it('exposes every metric of the contract, with its type and exactly its labels', () => {
    for (const metric of contract.values()) {
      const family = exposed.get(metric.name);
      expect(family, `${metric.name} is in docs/contracts.md but not exposed`).toBeDefined();
      expect(family?.type, `${metric.name} type`).toBe(metric.type);
      expect([...(family?.labels ?? [])].sort(), `${metric.name} labels`).toEqual([...metric.labels].sort());
    }
  });

  it('exposes no anomalog_ metric the contract lacks', () => {
    const extra = [...exposed.keys()].filter((name) => name.startsWith('anomalog_') && !contract.has(name));
    expect(extra, 'exposed but not in docs/contracts.md').toEqual([]);
  });
});
