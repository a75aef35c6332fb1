import { describe, expect, it } from 'vitest';
import type { LogsData, RecordVerdict } from '@anomalog/collector-processor';
import { exportRecord } from '../../test/helpers/records.js';
import { ServiceGraph } from './service-graph.js';
import { ServiceMetrics } from './service-metrics.js';

/** One request whose records each come from a distinct client address, calling `service`. */
function batch(service: string, clients: string[], anomalousEvery = 0): { data: LogsData; verdicts: RecordVerdict[] } {
  const first = exportRecord({ service, body: 'GET /', timeMs: 1000, attributes: [{ key: 'client.address', value: clients[0] }] });
  const verdicts = [first.verdict];
  for (let i = 1; i < clients.length; i++) {
    const r = exportRecord({ service, body: 'GET /', timeMs: 1000, attributes: [{ key: 'client.address', value: clients[i] }], isAnomaly: anomalousEvery > 0 && i % anomalousEvery === 0 }, first.resourceLogs, first.scopeLogs);
    verdicts.push(r.verdict);
  }
  return { data: { resourceLogs: [first.resourceLogs] }, verdicts };
}

describe('service graph', () => {
  it('sums calls per edge across batches and serves them as node-graph frames', () => {
    const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
    const graph = new ServiceGraph({ maxSpans: 10, windowSeconds: 60, maxEdges: 100, peerServiceDirection: 'callee' }, metrics);
    const b = batch('web', ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.1'], 2);
    graph.observe(b.data, b.verdicts, 1000);
    graph.observe(b.data, b.verdicts, 1000);
    const { nodes, edges } = graph.toNodeGraph();
    expect(edges.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: '10.0.0.1->web', source: '10.0.0.1', target: 'web', mainstat: 6, secondarystat: 2 },
      { id: '10.0.0.2->web', source: '10.0.0.2', target: 'web', mainstat: 2, secondarystat: 0 },
    ]);
    expect(nodes.find((n) => n.id === 'web')).toMatchObject({ subtitle: 'service', mainstat: 8, secondarystat: 2 });
    expect(nodes.find((n) => n.id === '10.0.0.2')).toMatchObject({ subtitle: 'ip', mainstat: 2 });
  });

  it('keeps at most maxEdges edges and 2 x maxEdges nodes, counting what it refused', async () => {
    const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
    const graph = new ServiceGraph({ maxSpans: 10, windowSeconds: 60, maxEdges: 3, peerServiceDirection: 'callee' }, metrics);
    const clients = Array.from({ length: 10 }, (_, i) => `10.1.0.${i}`);
    const b = batch('api', clients);
    graph.observe(b.data, b.verdicts, 1000);
    const { nodes, edges } = graph.toNodeGraph();
    expect(edges).toHaveLength(3);
    expect(nodes).toHaveLength(6);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^anomalog_engine_cap_events_total\{store="service_graph.edges.dropped"\} 7$/m);
    // 'api' and the first five clients fit; the other five client nodes were refused.
    expect(text).toMatch(/^anomalog_engine_cap_events_total\{store="service_graph.nodes.dropped"\} 5$/m);
  });

  it('serves no edge whose end the node cap refused (the Grafana node graph fails on such an edge)', () => {
    const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
    const graph = new ServiceGraph({ maxSpans: 10, windowSeconds: 60, maxEdges: 3, peerServiceDirection: 'callee' }, metrics);
    // Six services logging on their own fill the six node places before any edge is seen.
    for (let i = 0; i < 6; i++) {
      const r = exportRecord({ service: `svc-${i}`, body: 'tick', timeMs: 1000 });
      graph.observe({ resourceLogs: [r.resourceLogs] }, [r.verdict], 1000);
    }
    const b = batch('svc-0', ['10.2.0.1', '10.2.0.2']);
    graph.observe(b.data, b.verdicts, 1000);
    const { nodes, edges } = graph.toNodeGraph();
    expect(nodes).toHaveLength(6);
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target), `${e.source} -> ${e.target}`).toBe(true);
  });
});
