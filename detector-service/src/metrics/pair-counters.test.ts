import { describe, expect, it } from 'vitest';
import { ServiceMetrics } from './service-metrics.js';

describe('service-graph pair counters', () => {
  it('are exposed as two Prometheus counters with client and server labels', async () => {
    const m = new ServiceMetrics({ labelValuesLimit: 5, processMetrics: false });
    m.observeEdges([
      { client: 'web', server: 'db', calls: 3, anomalous: 1 },
      { client: 'web', server: 'db', calls: 2, anomalous: 0 },
      { client: 'user:"q"', server: 'web', calls: 1, anomalous: 0 },
    ]);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^# TYPE anomalog_service_graph_request_total counter$/m);
    expect(text).toMatch(/^anomalog_service_graph_request_total\{client="web",server="db"\} 5$/m);
    expect(text).toMatch(/^anomalog_service_graph_request_anomalous_total\{client="web",server="db"\} 1$/m);
    expect(text).toContain('anomalog_service_graph_request_total{client="user:\\"q\\"",server="web"} 1');
  });

  it('drop the series of a node evicted from the top-K, as client and as server', async () => {
    const m = new ServiceMetrics({ labelValuesLimit: 3, processMetrics: false });
    m.observeEdges([
      { client: 'quiet', server: 'api', calls: 1, anomalous: 0 },
      { client: 'api', server: 'quiet', calls: 1, anomalous: 0 },
      { client: 'busy', server: 'api', calls: 1, anomalous: 0 },
    ]);
    m.rerankLabels();
    // 'rising' folds into other until the re-rank finds it busier than 'quiet'.
    m.observeEdges([
      { client: 'rising', server: 'api', calls: 9, anomalous: 0 },
      { client: 'busy', server: 'api', calls: 5, anomalous: 0 },
      { client: 'api', server: 'quiet', calls: 2, anomalous: 0 },
    ]);
    let text = await m.registry.metrics();
    expect(text).toMatch(/^anomalog_service_graph_request_total\{client="other",server="api"\} 9$/m);
    m.rerankLabels();
    text = await m.registry.metrics();
    expect(text).not.toMatch(/client="quiet"/);
    expect(text).toMatch(/^anomalog_service_graph_request_total\{client="busy",server="api"\} 6$/m);
    // 'quiet' as a server is still admitted on the server label: its series stays.
    expect(text).toMatch(/^anomalog_service_graph_request_total\{client="api",server="quiet"\} 3$/m);
  });
});
