import { panelsOf, provisionedDashboards, provisionedDatasources } from './grafana.js';

export interface DashboardQuery {
  where: string;
  expr: string;
}

/** Grafana's interval variables and the dashboard's own variables, as Prometheus can read them. */
export function withVariablesResolved(expr: string, range = '5m', interval = '1m'): string {
  return expr
    .replace(/\$__rate_interval|\$__interval/g, interval)
    .replace(/\$__range/g, range)
    .replace(/\$\{?service\}?/g, '.*');
}

/** The Prometheus queries of every provisioned dashboard, variables resolved. */
export function dashboardPrometheusQueries(range?: string, interval?: string): DashboardQuery[] {
  const types = new Map(provisionedDatasources().map((d) => [d.uid, d.type]));
  const queries: DashboardQuery[] = [];
  for (const { json } of provisionedDashboards().dashboards) {
    for (const panel of panelsOf(json)) {
      for (const target of panel.targets ?? []) {
        const uid = target.datasource?.uid ?? panel.datasource?.uid;
        if (types.get(String(uid)) !== 'prometheus') continue;
        queries.push({ where: `${String(json.title)} / ${panel.title} / ${target.refId}`, expr: withVariablesResolved(String(target.expr), range, interval) });
      }
    }
  }
  return queries;
}
