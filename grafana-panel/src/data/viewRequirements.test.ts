import { describe, expect, it } from 'vitest';
import { ALL_VIEWS } from '../types.js';
import { missingDataMessage } from './viewRequirements.js';

describe('missingDataMessage', () => {
  it('names the datasource and the metric or Loki selector each view needs', () => {
    expect(missingDataMessage('timeline')).toContain('anomalog_anomalies_total');
    expect(missingDataMessage('histogram')).toContain('sum by (le) (increase(anomalog_score_bucket[$__range]))');
    expect(missingDataMessage('graph')).toContain('anomalog_service_graph_request_anomalous_total');
    expect(missingDataMessage('table')).toContain('Loki query: `{anomaly="true"}`');
    for (const view of ALL_VIEWS) {
      expect(missingDataMessage(view)).toMatch(/has no data/);
    }
  });
});
