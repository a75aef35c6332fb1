import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

export interface ContractMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: string[];
}

const contractsFile = fromRoot('docs', 'contracts.md');

/**
 * The Prometheus metrics Anomalog exports, read from the metrics table of docs/contracts.md
 * (rows like "| `anomalog_x_total` | counter | service, class | meaning |").
 */
export function contractMetrics(): Map<string, ContractMetric> {
  const metrics = new Map<string, ContractMetric>();
  const row = /^\|\s*`(anomalog_[a-z0-9_]+)`\s*\|\s*(counter|gauge|histogram)\s*\|([^|]*)\|/;
  for (const line of readFileSync(contractsFile, 'utf8').split('\n')) {
    const match = row.exec(line);
    if (!match) continue;
    const labels = match[3]
      .split(',')
      .map((label) => label.trim())
      .filter((label) => label !== '' && label !== '-');
    metrics.set(match[1], { name: match[1], type: match[2] as ContractMetric['type'], labels });
  }
  if (metrics.size === 0) throw new Error(`${contractsFile}: no metrics table found`);
  return metrics;
}

/** The Loki labels of docs/contracts.md ("Labels (bounded): `service_name`, `level` (...), ..."). */
export function contractLokiLabels(): string[] {
  const text = readFileSync(contractsFile, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('Labels (bounded):'));
  if (!line) throw new Error(`${contractsFile}: no "Labels (bounded):" line in the Loki section`);
  const paragraph = text.slice(text.indexOf(line)).split('\n\n')[0];
  const beforeMetadata = paragraph.split('Structured metadata')[0];
  return [...beforeMetadata.matchAll(/`([a-z_]+)`\s*(?:\(|,|\.)/g)].map((m) => m[1]);
}

/** The ports table of docs/contracts.md: port number → what listens there. */
export function contractPorts(): Map<number, string> {
  const ports = new Map<number, string>();
  for (const line of readFileSync(contractsFile, 'utf8').split('\n')) {
    const match = /^\|\s*(\d{2,5})\s*\|\s*([^|]+)\|/.exec(line);
    if (match) ports.set(Number(match[1]), match[2].trim());
  }
  return ports;
}

/**
 * The series a metric exposes in Prometheus: a histogram `x` is queried as `x_bucket`, `x_sum`
 * and `x_count` (with the extra label `le` on buckets).
 */
export function exposedSeries(metrics: Map<string, ContractMetric>): Map<string, string[]> {
  const series = new Map<string, string[]>();
  for (const metric of metrics.values()) {
    if (metric.type === 'histogram') {
      series.set(`${metric.name}_bucket`, [...metric.labels, 'le']);
      series.set(`${metric.name}_sum`, metric.labels);
      series.set(`${metric.name}_count`, metric.labels);
    } else {
      series.set(metric.name, metric.labels);
    }
  }
  return series;
}

/** The structured metadata fields of docs/contracts.md ("Structured metadata: `anomalog_score`, ..."). */
export function contractLokiStructuredMetadata(): string[] {
  const text = readFileSync(contractsFile, 'utf8');
  const start = text.indexOf('Structured metadata:');
  if (start < 0) throw new Error(`${contractsFile}: no "Structured metadata:" in the Loki section`);
  const sentence = text.slice(start, text.indexOf('and the', start));
  return [...sentence.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
}
