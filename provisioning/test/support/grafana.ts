import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { provisioningDir } from './paths.js';
import { asArray, asRecord, readYaml } from './yaml-file.js';

export const grafanaDir = path.join(provisioningDir, 'grafana');

/** Where docker-compose.yml mounts provisioning/grafana inside the Grafana container. */
export const grafanaProvisioningMount = '/etc/grafana/provisioning';

export function yamlFilesIn(folder: string): string[] {
  return readdirSync(path.join(grafanaDir, folder))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => path.join(grafanaDir, folder, f));
}

export interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData: Record<string, unknown>;
}

export function provisionedDatasources(): Datasource[] {
  return yamlFilesIn('datasources').flatMap((file) => {
    const doc = asRecord(readYaml(file), file);
    if (doc.apiVersion !== 1) throw new Error(`${file}: apiVersion must be 1`);
    return asArray(doc.datasources, `${file}: datasources`).map((value) => {
      const ds = asRecord(value, `${file}: datasource`);
      return {
        name: String(ds.name),
        uid: String(ds.uid),
        type: String(ds.type),
        url: String(ds.url),
        jsonData: asRecord(ds.jsonData ?? {}, `${file}: ${String(ds.name)}.jsonData`),
      };
    });
  });
}

export interface DashboardFile {
  file: string;
  json: Record<string, unknown>;
}

/** The dashboard JSON files every file provider of provisioning/grafana/dashboards loads. */
export function provisionedDashboards(): { providerPaths: string[]; dashboards: DashboardFile[] } {
  const providerPaths: string[] = [];
  const dashboards: DashboardFile[] = [];
  for (const file of yamlFilesIn('dashboards')) {
    const doc = asRecord(readYaml(file), file);
    if (doc.apiVersion !== 1) throw new Error(`${file}: apiVersion must be 1`);
    for (const value of asArray(doc.providers, `${file}: providers`)) {
      const provider = asRecord(value, `${file}: provider`);
      const options = asRecord(provider.options, `${file}: provider.options`);
      const inContainer = String(options.path);
      providerPaths.push(inContainer);
      const onHost = hostPathOfMount(inContainer);
      for (const json of readdirSync(onHost).filter((f) => f.endsWith('.json'))) {
        const jsonFile = path.join(onHost, json);
        dashboards.push({ file: jsonFile, json: asRecord(JSON.parse(readFileSync(jsonFile, 'utf8')), jsonFile) });
      }
    }
  }
  return { providerPaths, dashboards };
}

/** A path inside the Grafana container under the provisioning mount, as a path in the repo. */
export function hostPathOfMount(inContainer: string): string {
  if (!inContainer.startsWith(`${grafanaProvisioningMount}/`)) {
    throw new Error(`${inContainer} is not under ${grafanaProvisioningMount}, which is all docker-compose.yml mounts`);
  }
  return path.join(grafanaDir, inContainer.slice(grafanaProvisioningMount.length + 1));
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<Record<string, unknown> & { refId: string; expr?: string; datasource?: { type?: string; uid?: string } }>;
  options?: Record<string, unknown>;
}

/** Every panel of a dashboard, including those nested in collapsed rows. */
export function panelsOf(dashboard: Record<string, unknown>): DashboardPanel[] {
  const top = asArray(dashboard.panels, 'dashboard.panels') as DashboardPanel[];
  return top.flatMap((p) => [p, ...(((p as { panels?: DashboardPanel[] }).panels ?? []) as DashboardPanel[])]);
}

export interface GrafanaAlertQuery {
  refId: string;
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface GrafanaAlertRule {
  file: string;
  group: string;
  folder: string;
  interval: string;
  uid: string;
  title: string;
  condition: string;
  data: GrafanaAlertQuery[];
  for: string;
  noDataState: string;
  execErrState: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function provisionedAlertRules(): GrafanaAlertRule[] {
  const rules: GrafanaAlertRule[] = [];
  for (const file of yamlFilesIn('alerting')) {
    const doc = asRecord(readYaml(file), file);
    if (doc.groups === undefined) continue;
    if (doc.apiVersion !== 1) throw new Error(`${file}: apiVersion must be 1`);
    for (const groupValue of asArray(doc.groups, `${file}: groups`)) {
      const group = asRecord(groupValue, `${file}: group`);
      for (const ruleValue of asArray(group.rules, `${file}: ${String(group.name)}.rules`)) {
        const rule = asRecord(ruleValue, `${file}: rule`);
        rules.push({
          file,
          group: String(group.name),
          folder: String(group.folder),
          interval: String(group.interval),
          uid: String(rule.uid),
          title: String(rule.title),
          condition: String(rule.condition),
          data: asArray(rule.data, `${file}: ${String(rule.title)}.data`).map((q) => {
            const query = asRecord(q, `${file}: ${String(rule.title)}.data[]`);
            return {
              refId: String(query.refId),
              datasourceUid: String(query.datasourceUid),
              model: asRecord(query.model, `${file}: ${String(rule.title)}.data[].model`),
            };
          }),
          for: String(rule.for),
          noDataState: String(rule.noDataState),
          execErrState: String(rule.execErrState),
          labels: (rule.labels ?? {}) as Record<string, string>,
          annotations: (rule.annotations ?? {}) as Record<string, string>,
        });
      }
    }
  }
  return rules;
}

/** The contact points and notification policies of provisioning/grafana/alerting. */
export function provisionedNotifications(): {
  contactPoints: Array<{ name: string; receivers: Array<Record<string, unknown>> }>;
  policies: Array<Record<string, unknown>>;
} {
  const contactPoints: Array<{ name: string; receivers: Array<Record<string, unknown>> }> = [];
  const policies: Array<Record<string, unknown>> = [];
  for (const file of yamlFilesIn('alerting')) {
    const doc = asRecord(readYaml(file), file);
    for (const value of asArray(doc.contactPoints ?? [], `${file}: contactPoints`)) {
      const cp = asRecord(value, `${file}: contact point`);
      contactPoints.push({
        name: String(cp.name),
        receivers: asArray(cp.receivers, `${file}: ${String(cp.name)}.receivers`).map((r) => asRecord(r, file)),
      });
    }
    for (const value of asArray(doc.policies ?? [], `${file}: policies`)) policies.push(asRecord(value, file));
  }
  return { contactPoints, policies };
}
