import type { ViewId } from '../types.js';

/** What a view needs, told to the user in plain words when the view has no data. */
export interface ViewRequirement {
  title: string;
  datasource: 'Prometheus' | 'Loki';
  queries: string[];
  note: string;
}

export const VIEW_REQUIREMENTS: Readonly<Record<ViewId, ViewRequirement>> = {
  timeline: {
    title: 'Anomaly timeline',
    datasource: 'Prometheus',
    queries: ['sum by (class) (increase(anomalog_anomalies_total[$__interval]))'],
    note: 'Add `service` to the by clause to let a graph node filter it. A Loki query for anomalies also fills it.',
  },
  histogram: {
    title: 'Score histogram',
    datasource: 'Prometheus',
    queries: ['sum by (le) (increase(anomalog_score_bucket[$__range]))'],
    note: 'Use format "Time series" or "Table" (not "Heatmap"). Add `service` to the by clause to let a graph node filter it.',
  },
  graph: {
    title: 'Service graph',
    datasource: 'Prometheus',
    queries: [
      'sum by (client, server) (increase(anomalog_service_graph_request_total[$__range]))',
      'sum by (client, server) (increase(anomalog_service_graph_request_anomalous_total[$__range]))',
    ],
    note: 'The second query colours the node arcs by anomalous share.',
  },
  table: {
    title: 'Recent anomalies',
    datasource: 'Loki',
    queries: ['{anomaly="true"}'],
    note: 'For Loki before 2.9 (no structured metadata) use `{anomaly="true"} | logfmt`.',
  },
};

/** The sentence shown in an empty view. */
export function missingDataMessage(view: ViewId): string {
  const need = VIEW_REQUIREMENTS[view];
  const queries = need.queries.map((q) => `\`${q}\``).join(' and ');
  return `${need.title} has no data. It needs a ${need.datasource} query: ${queries}. ${need.note}`;
}
