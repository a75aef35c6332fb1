import type { ServiceMetrics } from '../../src/metrics/service-metrics.js';

/** The value of one series of a counter or gauge (0 when the series does not exist). */
export async function counterValue(metrics: ServiceMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const hit = values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return hit?.value ?? 0;
}
