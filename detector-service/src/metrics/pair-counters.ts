/**
 * `anomalog_service_graph_request_total` and `..._anomalous_total{client, server}`: call counts
 * per capped node pair, kept in nested maps (client → server → counts) and plugged into a
 * prom-client Registry as two counters (name, help, type, get()), as ScoreHistogram is.
 * prom-client's Counter builds and hashes a label key on every inc(); a batch touches hundreds of
 * pairs, and evicting a node's series here is one map walk instead of a remover per series.
 */
import type { Registry } from 'prom-client';

interface Counts {
  calls: number;
  anomalous: number;
}

type MetricValue = { labels: Record<string, string>; value: number };

export class PairCounters {
  private readonly pairs = new Map<string, Map<string, Counts>>();

  constructor(registry: Registry) {
    registry.registerMetric(this.view('anomalog_service_graph_request_total', 'Calls seen between two nodes.', 'calls') as never);
    registry.registerMetric(
      this.view('anomalog_service_graph_request_anomalous_total', 'Calls whose record was an anomaly.', 'anomalous') as never,
    );
  }

  add(client: string, server: string, calls: number, anomalous: number): void {
    let servers = this.pairs.get(client);
    if (!servers) {
      servers = new Map();
      this.pairs.set(client, servers);
    }
    const counts = servers.get(server);
    if (counts) {
      counts.calls += calls;
      counts.anomalous += anomalous;
    } else {
      servers.set(server, { calls, anomalous });
    }
  }

  /** Removes every series naming `value` as client, or as server. */
  removeNode(label: 'client' | 'server', value: string): void {
    if (label === 'client') {
      this.pairs.delete(value);
      return;
    }
    for (const [client, servers] of this.pairs) {
      servers.delete(value);
      if (servers.size === 0) this.pairs.delete(client);
    }
  }

  /** Series currently held (bounded by the capped label values: (K + 1)²). */
  get size(): number {
    let n = 0;
    for (const servers of this.pairs.values()) n += servers.size;
    return n;
  }

  private view(name: string, help: string, field: keyof Counts): object {
    const pairs = this.pairs;
    return {
      name,
      help,
      type: 'counter',
      aggregator: 'sum',
      get(): { name: string; help: string; type: string; aggregator: string; values: MetricValue[] } {
        const values: MetricValue[] = [];
        for (const [client, servers] of pairs) {
          for (const [server, counts] of servers) values.push({ labels: { client, server }, value: counts[field] });
        }
        return { name, help, type: 'counter', aggregator: 'sum', values };
      },
      reset(): void {
        pairs.clear();
      },
    };
  }
}
