/** Hand-built records and verdicts for tests (what a client sends, what the engine would hand over). */
import { newLogRecord, type KeyValue, type LogRecord, type LogsData, type RecordVerdict, type ResourceLogs, type ScopeLogs } from '@anomalog/collector-processor';
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

/** A log record with every field at its default (INFO, no attributes, no ids) but those given. */
export function logRecordOf(body: string, over: Partial<LogRecord> = {}): LogRecord {
  return newLogRecord(body, { severityNumber: 9, severityText: 'INFO', ...over });
}

/** One request: the records under one service's resource and one scope. */
export function logsDataOf(service: string, records: LogRecord[]): LogsData {
  const resourceLogs = resourceFor(service);
  scopeFor(resourceLogs).logRecords.push(...records);
  return { resourceLogs: [resourceLogs] };
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
  const record = logRecordOf(spec.body, {
    timeUnixNano: BigInt(spec.timeMs) * 1_000_000n + 123n,
    severityNumber: spec.severityNumber ?? 9,
    severityText: spec.severityText ?? 'INFO',
    attributes: [
      ...(spec.attributes ?? []),
      { key: 'anomalog.score', value: score },
      { key: 'anomalog.is_anomaly', value: verdict.isAnomaly },
      { key: 'anomalog.class', value: verdict.class },
      { key: 'anomalog.template', value: template },
      { key: 'anomalog.template_id', value: verdict.templateId },
      { key: 'anomalog.reasons', value: verdict.reasons },
    ],
    traceId: spec.traceId ?? new Uint8Array(0),
    spanId: spec.spanId ?? new Uint8Array(0),
  });
  scopeLogs.logRecords.push(record);
  return { resourceLogs, scopeLogs, record, verdict };
}
