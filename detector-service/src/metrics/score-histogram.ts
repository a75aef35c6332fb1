/**
 * `anomalog_score{service}`: a Prometheus histogram of anomaly scores, counted into a fixed array
 * per service. prom-client's Histogram hashes the label object on every observe(); scores are
 * observed for every record, so this keeps the per-record cost to an index and an increment.
 * It plugs into a prom-client Registry as any metric does (name, help, type, get()).
 */
import type { Registry } from 'prom-client';

interface Series {
  buckets: Float64Array;
  sum: number;
  count: number;
}

export class ScoreHistogram {
  readonly name = 'anomalog_score';
  readonly help = 'Anomaly scores.';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    /** Upper bounds, ascending (the +Inf bucket is implicit). */
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** A series to observe into directly (hold it for a batch of one service). */
  seriesFor(service: string): Series {
    let s = this.series.get(service);
    if (!s) {
      s = { buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.series.set(service, s);
    }
    return s;
  }

  observe(series: Series, score: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && score > bounds[i]) i++;
    series.buckets[i]++;
    series.sum += score;
    series.count++;
  }

  remove(service: string): void {
    this.series.delete(service);
  }

  reset(): void {
    this.series.clear();
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: { labels: Record<string, string | number>; value: number; metricName: string }[] } {
    const values = [];
    for (const [service, s] of this.series) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += s.buckets[i];
        values.push({ labels: { le: this.bounds[i], service }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: { le: '+Inf', service }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { service }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { service }, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
