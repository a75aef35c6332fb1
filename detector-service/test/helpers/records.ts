/** Hand-built records and verdicts for exporter tests (what the engine would hand over). */
import type { KeyValue, LogRecord, RecordVerdict, ResourceLogs, ScopeLogs } from '@anomalog/collector-processor';
import type { ExportRecord } from '../../src/exporters/export-record.js';

export function resourceFor(service: string): ResourceLogs {
  return {
    resource: { attributes: [{ key: 'service.name', value: service }], droppedAttributesCount: 0 },
    scopeLogs: [],
    schemaUrl: '',
  };
}

export function scopeFor(resource: ResourceLogs): ScopeLogs {
  const scope: ScopeLogs = { scope: { name: 'test', version: '1', attributes: [], droppedAttributesCount: 0 }, logRecords: [], schemaUrl: '' };
  resource.scopeLogs.push(scope);
  return scope;
}

export interface RecordSpec {
  service: string;
  body: string;
  timeMs: number;
  severityNumber?: number;
  severityText?: string;
  attributes?: KeyValue[];
  isAnomaly?: boolean;
  score?: number;
  cls?: RecordVerdict['class'];
  traceId?: Uint8Array;
  spanId?: Uint8Array;
}

export function exportRecord(spec: RecordSpec, resourceLogs = resourceFor(spec.service), scopeLogs = scopeFor(resourceLogs)): ExportRecord {
  const score = spec.score ?? (spec.isAnomaly ? 0.97 : 0.1);
  const template = spec.body.replace(/\d+/g, '<*>');
  const verdict: RecordVerdict = {
    service: spec.service,
    timeMs: spec.timeMs,
    severityNumber: spec.severityNumber ?? 9,
    message: spec.body,
    template,
    templateId: `t-${template.length}`,
    params: [],
    newTemplate: false,
    score,
    isAnomaly: spec.isAnomaly ?? false,
    class: spec.cls ?? 'normal',
    classConfidence: 0.8,
    reasons: spec.isAnomaly ? ['new template'] : [],
  };
  const record: LogRecord = {
    timeUnixNano: BigInt(spec.timeMs) * 1_000_000n + 123n,
    observedTimeUnixNano: 0n,
    severityNumber: spec.severityNumber ?? 9,
    severityText: spec.severityText ?? 'INFO',
    body: spec.body,
    attributes: [
      ...(spec.attributes ?? []),
      { key: 'anomalog.score', value: score },
      { key: 'anomalog.is_anomaly', value: verdict.isAnomaly },
      { key: 'anomalog.class', value: verdict.class },
      { key: 'anomalog.template', value: template },
      { key: 'anomalog.template_id', value: verdict.templateId },
      { key: 'anomalog.reasons', value: verdict.reasons },
    ],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: spec.traceId ?? new Uint8Array(0),
    spanId: spec.spanId ?? new Uint8Array(0),
    eventName: '',
  };
  scopeLogs.logRecords.push(record);
  return { resourceLogs, scopeLogs, record, verdict };
}
