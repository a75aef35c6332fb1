import { describe, expect, it } from 'vitest';
import { ServiceState, VariantRate } from './service-state.js';

function rate(firstMs: number, gapMean: number): VariantRate {
  const v = new VariantRate(firstMs);
  v.gapMean = gapMean;
  return v;
}

describe('service state snapshot', () => {
  it('keeps the gap means of template variants and of per-client rates across a restore', () => {
    const state = new ServiceState('checkout');
    state.variants.set(17, rate(1_000, 250));
    state.clients.set(-42, rate(2_000, 1_500));
    state.clients.set(7, rate(3_000, -1));
    const restored = ServiceState.from(JSON.parse(JSON.stringify(state.toJSON())));
    expect(restored.variants.get(17)?.gapMean).toBe(250);
    expect(restored.clients.get(-42)?.gapMean).toBe(1_500);
    expect(restored.clients.get(-42)?.firstMs).toBe(2_000);
    expect(restored.clients.get(7)?.gapMean).toBe(-1);
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(state.toJSON()));
  });

  it('reads per-client rates saved without their gap mean (older snapshots) as not yet measured', () => {
    const saved = JSON.parse(JSON.stringify(new ServiceState('checkout').toJSON())) as { clients: unknown[] };
    saved.clients = [[-42, 2_000, new VariantRate(0).recent.toJSON(), new VariantRate(0).baseline.toJSON()]];
    expect(ServiceState.from(saved).clients.get(-42)?.gapMean).toBe(-1);
  });
});
