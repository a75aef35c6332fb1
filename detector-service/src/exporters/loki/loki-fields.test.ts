import type { RecordVerdict } from '@anomalog/collector-processor';
import { describe, expect, it } from 'vitest';
import { cachedLokiForms, MAX_CACHED_LOKI_FORMS, metadataName, streamLabels } from './loki-fields.js';

function verdict(service: string, cls: RecordVerdict['class'], isAnomaly: boolean): RecordVerdict {
  return { service, timeMs: 0, severityNumber: 0, message: '', template: '', templateId: '', params: [], newTemplate: false, score: 0, isAnomaly, class: cls, classConfidence: 1, reasons: [] };
}

describe('Loki stream selectors and metadata names', () => {
  it('give each record the selector of its class, anomaly flag, level and service, the same when asked again', () => {
    const cases: [RecordVerdict, string, number, string][] = [
      [verdict('checkout', 'normal', false), '', 9, '{anomalog_class="normal", anomaly="false", level="info", service_name="checkout"}'],
      [verdict('checkout', 'security', true), '', 17, '{anomalog_class="security", anomaly="true", level="error", service_name="checkout"}'],
      [verdict('checkout', 'normal', false), 'WARNING', 0, '{anomalog_class="normal", anomaly="false", level="warn", service_name="checkout"}'],
      [verdict('checkout', 'network', false), 'nonsense', 0, '{anomalog_class="network", anomaly="false", level="unknown", service_name="checkout"}'],
      [verdict('say "hi"\\\n', 'hardware', true), '', 21, '{anomalog_class="hardware", anomaly="true", level="fatal", service_name="say \\"hi\\"\\\\\\n"}'],
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const [v, text, number, expected] of cases) expect(streamLabels(v, text, number)).toBe(expected);
    }
  });

  it('name metadata as Loki stores it, and keep at most the capped number of forms', () => {
    expect(metadataName('http.response.status_code')).toBe('http_response_status_code');
    expect(metadataName('3d-model')).toBe('_3d_model');
    expect(metadataName('3d-model')).toBe('_3d_model');
    for (let i = 0; i < MAX_CACHED_LOKI_FORMS + 10; i++) {
      expect(metadataName(`k.${i}`)).toBe(`k_${i}`);
      streamLabels(verdict(`svc-${i}`, 'config', false), '', 13);
    }
    expect(streamLabels(verdict(`svc-${MAX_CACHED_LOKI_FORMS + 5}`, 'config', true), '', 13)).toBe(
      `{anomalog_class="config", anomaly="true", level="warn", service_name="svc-${MAX_CACHED_LOKI_FORMS + 5}"}`,
    );
    expect(cachedLokiForms()).toEqual({ services: MAX_CACHED_LOKI_FORMS, names: MAX_CACHED_LOKI_FORMS });
  });
});
