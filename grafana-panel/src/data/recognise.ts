import type { DataFrame } from '@grafana/data';
import { fieldValues } from './series.js';

/** What a query result is, as far as the panel is concerned. */
export type FrameKind =
  | 'anomalies'
  | 'scoreBuckets'
  | 'graphRequests'
  | 'graphAnomalous'
  | 'logs'
  | 'unknown';

/** The metric names the panel reads (docs/contracts.md); order matters: longest name first. */
const METRIC_KINDS: ReadonlyArray<[RegExp, FrameKind]> = [
  [/anomalog_service_graph_request_anomalous_total/, 'graphAnomalous'],
  [/anomalog_service_graph_request_total/, 'graphRequests'],
  [/anomalog_score_bucket/, 'scoreBuckets'],
  [/anomalog_anomalies_total/, 'anomalies'],
];

/** A Loki metric query over anomalous records, e.g. `sum by (anomalog_class) (count_over_time({anomaly="true"}[1m]))`. */
const LOKI_ANOMALY_COUNT = /count_over_time\s*\(\s*\{[^}]*anomaly\s*=\s*"true"/;

function isLogFrame(frame: DataFrame): boolean {
  const meta = frame.meta as { type?: string; preferredVisualisationType?: string } | undefined;
  if (meta?.type === 'log-lines' || meta?.preferredVisualisationType === 'logs') {
    return true;
  }
  const fields = Array.isArray(frame.fields) ? frame.fields : [];
  const names = new Set(fields.map((f) => f.name));
  return (names.has('Line') || names.has('body')) && (names.has('labels') || names.has('Time') || names.has('timestamp'));
}

function kindFromExpression(expr: string): FrameKind {
  for (const [pattern, kind] of METRIC_KINDS) {
    if (pattern.test(expr)) {
      return kind;
    }
  }
  return LOKI_ANOMALY_COUNT.test(expr) ? 'anomalies' : 'unknown';
}

function kindFromLabels(frame: DataFrame): FrameKind {
  const fields = Array.isArray(frame.fields) ? frame.fields : [];
  for (const field of fields) {
    const labels = field.labels ?? {};
    const metricName = labels.__name__ ?? '';
    if (metricName) {
      const byName = kindFromExpression(metricName);
      if (byName !== 'unknown') {
        return byName;
      }
    }
  }
  const labelNames = new Set<string>();
  for (const field of fields) {
    for (const name of Object.keys(field.labels ?? {})) {
      labelNames.add(name);
    }
    if (field.type === 'string' && fieldValues(field).length > 0) {
      labelNames.add(field.name);
    }
  }
  if (labelNames.has('le')) {
    return 'scoreBuckets';
  }
  if (labelNames.has('client') && labelNames.has('server')) {
    const title = `${frame.name ?? ''} ${fields.map((f) => f.config?.displayNameFromDS ?? f.name).join(' ')}`;
    return /anomalous/i.test(title) ? 'graphAnomalous' : 'graphRequests';
  }
  if (labelNames.has('class') || labelNames.has('anomalog_class')) {
    return 'anomalies';
  }
  return 'unknown';
}

/**
 * Decides which view a frame feeds. The query text is the surest sign (Prometheus frames carry
 * it in `meta.executedQueryString`; the panel's request has it by refId); the label shape is
 * the fallback for frames without either.
 */
export function recogniseFrame(frame: DataFrame, exprByRefId?: ReadonlyMap<string, string>): FrameKind {
  if (isLogFrame(frame)) {
    return 'logs';
  }
  const candidates = [
    frame.meta?.executedQueryString,
    frame.refId ? exprByRefId?.get(frame.refId) : undefined,
    frame.name,
  ];
  for (const expr of candidates) {
    if (typeof expr === 'string' && expr !== '') {
      const kind = kindFromExpression(expr);
      if (kind !== 'unknown') {
        return kind;
      }
    }
  }
  return kindFromLabels(frame);
}
