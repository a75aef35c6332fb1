import { describe, expect, it } from 'vitest';
import { contractMetrics } from './support/contracts.js';
import { registeredMetrics } from './support/registered-metrics.js';

// Provisioning queries are checked against docs/contracts.md; this keeps the contract and the
// service's code saying the same thing, so a renamed metric breaks here and not on a dashboard.
describe('metric names: contract and service code agree', () => {
  const contract = contractMetrics();
  const registered = registeredMetrics();

  it('the service registers every metric of the contract, with the contract labels', () => {
    for (const metric of contract.values()) {
      expect(registered.has(metric.name), `${metric.name} is in docs/contracts.md but not registered`).toBe(true);
      expect([...(registered.get(metric.name) ?? [])].sort(), `${metric.name} labels`).toEqual(
        [...metric.labels].sort(),
      );
    }
  });

  it('the service registers no anomalog_ metric the contract lacks', () => {
    const extra = [...registered.keys()].filter((name) => !contract.has(name));
    expect(extra, 'registered but not in docs/contracts.md').toEqual([]);
  });
});
