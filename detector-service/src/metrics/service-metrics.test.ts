import { describe, expect, it } from 'vitest';
import type { RecordVerdict } from '@anomalog/collector-processor';
import { ServiceMetrics } from './service-metrics.js';

function verdicts(service: string, n: number, anomalies = 0): RecordVerdict[] {
  return Array.from({ length: n }, (_, i) => ({
    service,
    timeMs: 0,
    severityNumber: 9,
    message: '',
    template: '',
    templateId: '',
    params: [],
    newTemplate: false,
    score: i < anomalies ? 0.99 : 0.02,
    isAnomaly: i < anomalies,
    class: 'normal',
    classConfidence: 1,
    reasons: [],
  }));
}

describe('service metrics with capped labels', () => {
  it('folds services beyond the top-K into other, exposes the cap and counts the overflow', async () => {
    const m = new ServiceMetrics({ labelValuesLimit: 2, processMetrics: false });
    m.observeVerdicts([...verdicts('a', 3, 1), ...verdicts('b', 2), ...verdicts('c', 4, 2), ...verdicts('d', 1)]);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^anomalog_records_total\{service="a",class="normal"\} 3$/m);
    expect(text).toMatch(/^anomalog_records_total\{service="other",class="normal"\} 5$/m);
    expect(text).toMatch(/^anomalog_anomalies_total\{service="other",class="normal"\} 2$/m);
    expect(text).toMatch(/^anomalog_score_bucket\{le="0.05",service="other"\} 3$/m);
    expect(text).toMatch(/^anomalog_score_bucket\{le="\+Inf",service="other"\} 5$/m);
    expect(text).toMatch(/^anomalog_score_count\{service="a"\} 3$/m);
    expect(text).toMatch(/^anomalog_label_values_limit\{label="service"\} 2$/m);
    expect(text).toMatch(/^anomalog_label_values_overflow_total\{label="service"\} 5$/m);
  });

  it('creates the anomaly and new-template series of a service at 0 from its first record', async () => {
    const m = new ServiceMetrics({ labelValuesLimit: 5, processMetrics: false });
    m.observeVerdicts(verdicts('fresh', 3));
    const text = await m.registry.metrics();
    expect(text).toMatch(/^anomalog_anomalies_total\{service="fresh",class="security"\} 0$/m);
    expect(text).toMatch(/^anomalog_new_templates_total\{service="fresh",severity="ERROR"\} 0$/m);
    expect(text).toMatch(/^anomalog_records_total\{service="fresh",class="normal"\} 3$/m);
  });

  it('re-ranks: a busy newcomer replaces a quiet value, whose series are removed', async () => {
    const m = new ServiceMetrics({ labelValuesLimit: 2, processMetrics: false });
    m.observeVerdicts([...verdicts('quiet', 1), ...verdicts('steady', 50)]);
    m.rerankLabels();
    m.observeVerdicts([...verdicts('steady', 50), ...verdicts('rising', 40)]);
    m.rerankLabels();
    m.observeVerdicts(verdicts('rising', 7));
    const text = await m.registry.metrics();
    expect(text).not.toMatch(/service="quiet"/);
    expect(text).toMatch(/^anomalog_records_total\{service="rising",class="normal"\} 7$/m);
    expect(text).toMatch(/^anomalog_records_total\{service="other",class="normal"\} 40$/m);
  });

  it('caps service-graph labels and sums edges per capped pair', async () => {
    const m = new ServiceMetrics({ labelValuesLimit: 2, processMetrics: false });
    const edges = Array.from({ length: 50 }, (_, i) => ({ client: `10.0.0.${i}`, server: 'web', calls: 2, anomalous: i === 7 ? 1 : 0 }));
    m.observeEdges(edges);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^anomalog_service_graph_request_total\{client="10.0.0.0",server="web"\} 2$/m);
    expect(text).toMatch(/^anomalog_service_graph_request_total\{client="other",server="web"\} 96$/m);
    expect(text).toMatch(/^anomalog_service_graph_request_anomalous_total\{client="other",server="web"\} 1$/m);
  });
});

describe('memo cache gauges', () => {
  it('report how full each registered cache is against its cap', async () => {
    // The caches register as their modules load (the service loads every exporter's).
    const { metadataName } = await import('../exporters/loki/loki-fields.js');
    await import('../exporters/jsonl/record-json.js');
    const m = new ServiceMetrics({ labelValuesLimit: 2, processMetrics: false });
    const entries = async (): Promise<number> => Number(/^anomalog_cache_entries\{cache="loki_metadata_names"\} (\d+)$/m.exec(await m.registry.metrics())?.[1]);
    const before = await entries();
    metadataName('memo.gauge.a');
    metadataName('memo.gauge.b');
    metadataName('memo.gauge.a');
    expect(await entries()).toBe(before + 2);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^anomalog_cache_capacity\{cache="loki_metadata_names"\} 10000$/m);
    expect(text).toMatch(/^anomalog_cache_capacity\{cache="jsonl_attribute_keys"\} 10000$/m);
  });
});
