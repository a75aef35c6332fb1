import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from './paths.js';

const metricsDir = fromRoot('detector-service', 'src', 'metrics');

/**
 * The metrics the service's code registers with prom-client, read from its source in
 * detector-service/src/metrics: each `name: 'anomalog_...'` with the `labelNames: [...]` that
 * follows it in the same metric definition.
 */
export function registeredMetrics(): Map<string, string[]> {
  const metrics = new Map<string, string[]>();
  const files = readdirSync(metricsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  for (const file of files) {
    const source = readFileSync(path.join(metricsDir, file), 'utf8');
    const names = [...source.matchAll(/name:\s*'(anomalog_[a-z0-9_]+)'/g)];
    names.forEach((match, i) => {
      const end = i + 1 < names.length ? names[i + 1].index : source.length;
      const definition = source.slice(match.index, end);
      const labelList = /labelNames:\s*\[([^\]]*)\]/.exec(definition);
      const labels = labelList ? [...labelList[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1]) : [];
      metrics.set(match[1], labels);
    });
  }
  if (metrics.size === 0) throw new Error(`${metricsDir}: no prom-client metric definitions found`);
  return metrics;
}
