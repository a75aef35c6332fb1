/** What an Explore link should show: the anomalous records of one interval, optionally narrowed. */
export interface ExploreTarget {
  datasourceUid: string;
  fromMs: number;
  toMs: number;
  service?: string;
  logClass?: string;
  orgId?: number;
}

/** A LogQL string literal: backslashes and double quotes escaped. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The Loki stream selector for anomalies, with the Loki labels Anomalog writes (docs/contracts.md). */
export function anomalySelector(service?: string, logClass?: string): string {
  const matchers = ['anomaly="true"'];
  if (service) {
    matchers.push(`service_name=${quote(service)}`);
  }
  if (logClass) {
    matchers.push(`anomalog_class=${quote(logClass)}`);
  }
  return `{${matchers.join(', ')}}`;
}

/**
 * A Grafana Explore URL (the `panes` form, Grafana 10.4+) opening the Loki query for the
 * target's records, relative to Grafana's root; the panel prefixes the app sub-path.
 */
export function exploreUrl(target: ExploreTarget): string {
  const expr = anomalySelector(target.service, target.logClass);
  const datasource = { type: 'loki', uid: target.datasourceUid };
  const panes = {
    anomalog: {
      datasource: target.datasourceUid,
      queries: [{ refId: 'A', expr, queryType: 'range', datasource }],
      range: { from: String(Math.floor(target.fromMs)), to: String(Math.ceil(target.toMs)) },
    },
  };
  const params = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify(panes), orgId: String(target.orgId ?? 1) });
  return `/explore?${params.toString()}`;
}
