import { describe, expect, it } from 'vitest';
import { anomalySelector, exploreUrl } from './exploreLink.js';

describe('anomalySelector', () => {
  it('selects anomalies, optionally of one service and class, escaping values', () => {
    expect(anomalySelector()).toBe('{anomaly="true"}');
    expect(anomalySelector('checkout', 'security')).toBe('{anomaly="true", service_name="checkout", anomalog_class="security"}');
    expect(anomalySelector('we"ird\\svc')).toBe('{anomaly="true", service_name="we\\"ird\\\\svc"}');
  });
});

describe('exploreUrl', () => {
  it('opens the Loki query for the interval in an Explore pane', () => {
    const url = exploreUrl({ datasourceUid: 'loki-1', fromMs: 1000.4, toMs: 61_000.2, service: 'cart', orgId: 3 });
    expect(url.startsWith('/explore?')).toBe(true);
    const params = new URLSearchParams(url.slice('/explore?'.length));
    expect(params.get('schemaVersion')).toBe('1');
    expect(params.get('orgId')).toBe('3');
    const panes = JSON.parse(params.get('panes')!);
    expect(panes.anomalog).toEqual({
      datasource: 'loki-1',
      queries: [{ refId: 'A', expr: '{anomaly="true", service_name="cart"}', queryType: 'range', datasource: { type: 'loki', uid: 'loki-1' } }],
      range: { from: '1000', to: '61001' },
    });
  });
});
