// @vitest-environment jsdom
// (The panel's query recogniser imports @grafana/data, which needs a window.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recogniseFrame } from '../../grafana-panel/src/data/recognise.js';
import { DEFAULT_SCORING_CONFIG } from '@anomalog/collector-processor';
import { DEFAULT_OPTIONS } from '../../grafana-panel/src/types.js';
import {
  contractLokiLabels,
  contractLokiStructuredMetadata,
  contractMetrics,
  exposedSeries,
} from './support/contracts.js';
import {
  panelsOf,
  provisionedAlertRules,
  provisionedDashboards,
  provisionedDatasources,
  provisionedNotifications,
  type DashboardPanel,
} from './support/grafana.js';
import { groupingLabels, streamSelectorLabels } from './support/logql.js';
import { fromRoot } from './support/paths.js';
import { provisionedRules } from './support/prometheus-rules.js';
import { anomalogSelectors, targetLabels } from './support/promql.js';

const PLUGIN_ID = 'anomalog-anomalies-panel';
/** Datasource references Grafana resolves itself. */
const BUILTIN_DATASOURCES = new Set(['-- Mixed --', '-- Grafana --', '-- Dashboard --', 'grafana']);

const datasources = provisionedDatasources();
const datasourceByUid = new Map(datasources.map((ds) => [ds.uid, ds]));
const { providerPaths, dashboards } = provisionedDashboards();
const series = exposedSeries(contractMetrics());
const recorded = new Set(provisionedRules().flatMap((r) => (r.record ? [r.record] : [])));
const lokiLabels = contractLokiLabels();
const lokiFields = [...lokiLabels, ...contractLokiStructuredMetadata()];

/** Fails unless every Anomalog series and label a PromQL expression uses is exported. */
function expectExportedMetrics(expr: string, where: string): void {
  for (const sel of anomalogSelectors(expr)) {
    if (sel.metric.includes(':')) {
      expect(recorded.has(sel.metric), `${where}: recording rule ${sel.metric} is not provisioned`).toBe(true);
      continue;
    }
    const labels = series.get(sel.metric);
    expect(labels, `${where}: ${sel.metric} is not a metric Anomalog exports`).toBeDefined();
    for (const label of sel.matcherLabels) {
      expect([...(labels ?? []), ...targetLabels], `${where}: ${sel.metric} has no label ${label}`).toContain(label);
    }
  }
}

/** Fails unless a LogQL expression selects streams by Anomalog's Loki labels and groups by known fields. */
function expectLokiFields(expr: string, where: string): void {
  const selectors = streamSelectorLabels(expr);
  expect(selectors.length, `${where}: no stream selector in ${expr}`).toBeGreaterThan(0);
  for (const label of selectors) expect(lokiLabels, `${where}: Loki label ${label}`).toContain(label);
  for (const label of groupingLabels(expr)) expect(lokiFields, `${where}: Loki field ${label}`).toContain(label);
}

function datasourceUidOf(ref: unknown): string | undefined {
  if (ref === undefined || ref === null) return undefined;
  if (typeof ref === 'string') return ref;
  return (ref as { uid?: string }).uid;
}

describe('Grafana datasources', () => {
  it('provide the uids the dashboard and alert rules use, with the right types', () => {
    expect(new Set(datasources.map((d) => d.uid)).size).toBe(datasources.length);
    expect(datasourceByUid.get('anomalog-prometheus')?.type).toBe('prometheus');
    expect(datasourceByUid.get('anomalog-loki')?.type).toBe('loki');
  });

  it('Loki links a log line to its trace through the trace_id structured metadata', () => {
    const loki = datasourceByUid.get('anomalog-loki');
    const derived = (loki?.jsonData.derivedFields ?? []) as Array<Record<string, string>>;
    const traceField = derived.find((f) => f.matcherRegex === 'trace_id');
    expect(traceField, 'a derived field on trace_id').toBeDefined();
    expect(traceField?.matcherType).toBe('label');
    expect(contractLokiStructuredMetadata()).toContain('trace_id');
    expect(datasourceByUid.has(String(traceField?.datasourceUid)), 'derived field target datasource').toBe(true);
    expect(traceField?.url).toContain('${__value.raw}');
    expectLokiFields(String(traceField?.url), 'trace_id derived field');
  });
});

describe('Grafana dashboards', () => {
  it('the provider loads at least one dashboard from the provisioning mount', () => {
    expect(providerPaths.length).toBeGreaterThan(0);
    expect(dashboards.length).toBeGreaterThan(0);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
  });

  for (const { file, json } of dashboards) {
    const panels = panelsOf(json);
    const name = String(json.title);

    describe(name, () => {
      it('has a uid, a title, a schema version and unique panel ids', () => {
        expect(String(json.uid)).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
        expect(typeof json.schemaVersion).toBe('number');
        expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      });

      it('lays panels out on the 24-column grid without overlaps', () => {
        const boxes = panels.map((p) => ({ ...p.gridPos, title: p.title }));
        for (const box of boxes) {
          expect(box.x + box.w, `${box.title} overflows the grid`).toBeLessThanOrEqual(24);
          expect(box.w * box.h, `${box.title} has no size`).toBeGreaterThan(0);
        }
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const b = boxes[j];
            const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
            expect(overlap, `${a.title} overlaps ${b.title}`).toBe(false);
          }
        }
      });

      it('refers only to provisioned datasources', () => {
        const refs: Array<[string, string | undefined]> = [];
        for (const panel of panels) {
          refs.push([panel.title, datasourceUidOf(panel.datasource)]);
          for (const target of panel.targets ?? []) refs.push([`${panel.title}/${target.refId}`, datasourceUidOf(target.datasource)]);
        }
        const templating = ((json.templating as { list?: Array<Record<string, unknown>> }).list ?? []);
        for (const variable of templating) refs.push([`$${String(variable.name)}`, datasourceUidOf(variable.datasource)]);
        for (const [where, uid] of refs) {
          if (uid === undefined || BUILTIN_DATASOURCES.has(uid)) continue;
          expect(datasourceByUid.has(uid), `${file}: ${where} uses datasource ${uid}`).toBe(true);
        }
      });

      it('queries only metrics Anomalog exports and its Loki labels and metadata', () => {
        for (const panel of panels) {
          for (const target of panel.targets ?? []) {
            const where = `${panel.title}/${target.refId}`;
            const uid = datasourceUidOf(target.datasource) ?? datasourceUidOf(panel.datasource);
            const type = uid ? datasourceByUid.get(uid)?.type : undefined;
            expect(typeof target.expr, `${where}: expr`).toBe('string');
            if (type === 'loki') expectLokiFields(String(target.expr), where);
            else expectExportedMetrics(String(target.expr), where);
          }
        }
      });

      it('defines every template variable its queries use', () => {
        const templating = ((json.templating as { list?: Array<Record<string, unknown>> }).list ?? []);
        const defined = new Set(templating.map((v) => String(v.name)));
        for (const variable of templating) expectExportedMetrics(String(variable.definition ?? ''), `$${String(variable.name)}`);
        const builtins = /^__(interval|rate_interval|range|interval_ms|range_s|range_ms|from|to|auto)/;
        for (const panel of panels) {
          for (const target of panel.targets ?? []) {
            for (const m of String(target.expr).matchAll(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)/g)) {
              if (builtins.test(m[1])) continue;
              expect(defined.has(m[1]), `${panel.title}/${target.refId}: $${m[1]} is not a dashboard variable`).toBe(true);
            }
          }
        }
      });
    });
  }

  describe('the Anomalog panel', () => {
    const overview = dashboards.find((d) => panelsOf(d.json).some((p) => p.type === PLUGIN_ID));
    const panel = overview ? panelsOf(overview.json).find((p) => p.type === PLUGIN_ID) : undefined;

    it(`is on a provisioned dashboard with the plugin's id (${PLUGIN_ID})`, () => {
      expect(panel, `a panel of type ${PLUGIN_ID}`).toBeDefined();
      const packageName = JSON.parse(readFileSync(fromRoot('grafana-panel', 'package.json'), 'utf8')) as { name: string };
      expect(packageName.name).toBe(PLUGIN_ID);
      const pluginJson = fromRoot('grafana-panel', 'src', 'plugin.json');
      expect((JSON.parse(readFileSync(pluginJson, 'utf8')) as { id: string; type: string }).id).toBe(PLUGIN_ID);
    });

    it('feeds all four views with queries the panel recognises', () => {
      const targets = (panel as DashboardPanel).targets;
      const exprs = new Map(targets.map((t) => [t.refId, String(t.expr)]));
      const kinds = targets
        .filter((t) => datasourceByUid.get(datasourceUidOf(t.datasource) ?? '')?.type === 'prometheus')
        .map((t) => recogniseFrame({ refId: t.refId, fields: [], length: 0 }, exprs));
      expect(kinds.sort()).toEqual(['anomalies', 'graphAnomalous', 'graphRequests', 'scoreBuckets']);
      const logs = targets.filter((t) => datasourceByUid.get(datasourceUidOf(t.datasource) ?? '')?.type === 'loki');
      expect(logs.length, 'a Loki query for the recent-anomalies table').toBe(1);
      expect(String(logs[0].expr)).toMatch(/\{[^}]*anomaly="true"/);
      // A single panel mixing Prometheus and Loki queries needs Grafana's mixed datasource.
      expect(datasourceUidOf(panel?.datasource)).toBe('-- Mixed --');
    });

    it('sets only options the plugin has, pointing Explore links at the Loki datasource', () => {
      const options = (panel as DashboardPanel).options ?? {};
      for (const key of Object.keys(options)) expect(Object.keys(DEFAULT_OPTIONS), `option ${key}`).toContain(key);
      expect(datasourceByUid.get(String(options.lokiDatasourceUid))?.type).toBe('loki');
    });

    it('marks the threshold Anomalog scores anomalies at by default', () => {
      expect((panel as DashboardPanel).options?.threshold).toBe(DEFAULT_SCORING_CONFIG.threshold);
    });
  });
});

describe('Grafana-managed alert rules', () => {
  const rules = provisionedAlertRules();
  const promAlerts = provisionedRules().filter((r) => r.alert !== undefined);

  it('are the Prometheus alerts one for one, with the same severity and for: duration', () => {
    expect(rules.map((r) => r.title).sort()).toEqual(promAlerts.map((a) => String(a.alert)).sort());
    const seconds = (d: string | undefined): number => {
      if (d === undefined) return 0;
      const m = /^(\d+)([smhd])$/.exec(d);
      if (!m) throw new Error(`unsupported duration ${d}`);
      return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
    };
    for (const alert of promAlerts) {
      const rule = rules.find((r) => r.title === alert.alert);
      expect(rule?.labels.severity, `${alert.alert} severity`).toBe(alert.labels.severity);
      expect(seconds(rule?.for), `${alert.alert} for`).toBe(seconds(alert.for));
    }
  });

  it('are well-formed provisioning rules (uids, condition, queries, states, annotations)', () => {
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.uid, rule.title).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(rule.folder, `${rule.title} folder`).not.toBe('');
      expect(rule.interval).toMatch(/^\d+[smh]$/);
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['OK', 'NoData', 'Alerting', 'KeepLast']).toContain(rule.noDataState);
      expect(['OK', 'Error', 'Alerting', 'KeepLast']).toContain(rule.execErrState);
      expect(rule.annotations.summary, `${rule.title} summary`).toBeTruthy();
      const refIds = rule.data.map((q) => q.refId);
      expect(new Set(refIds).size, `${rule.title} refIds`).toBe(refIds.length);
      expect(refIds, `${rule.title} condition`).toContain(rule.condition);
      for (const query of rule.data) {
        expect(query.model.refId, `${rule.title}/${query.refId} model.refId`).toBe(query.refId);
        if (query.datasourceUid === '__expr__') {
          expect(['threshold', 'reduce', 'math', 'classic_conditions', 'resample']).toContain(query.model.type);
          expect(refIds, `${rule.title}/${query.refId} expression input`).toContain(query.model.expression);
        } else {
          expect(datasourceByUid.get(query.datasourceUid)?.type, `${rule.title}/${query.refId} datasource`).toBe('prometheus');
          expect(typeof query.model.expr).toBe('string');
          expectExportedMetrics(String(query.model.expr), `${rule.title}/${query.refId}`);
        }
      }
    }
  });
});

describe('Grafana notifications', () => {
  const { contactPoints, policies } = provisionedNotifications();

  it('route every policy to a provisioned contact point', () => {
    expect(contactPoints.length).toBeGreaterThan(0);
    expect(policies.length).toBeGreaterThan(0);
    const names = new Set(contactPoints.map((c) => c.name));
    const receiversOf = (policy: Record<string, unknown>): string[] => [
      String(policy.receiver),
      ...((policy.routes ?? []) as Array<Record<string, unknown>>).flatMap(receiversOf),
    ];
    for (const policy of policies) {
      for (const receiver of receiversOf(policy)) expect(names.has(receiver), `receiver ${receiver}`).toBe(true);
    }
  });

  it('give every receiver a unique uid, a type and its settings', () => {
    const receivers = contactPoints.flatMap((c) => c.receivers);
    expect(new Set(receivers.map((r) => r.uid)).size).toBe(receivers.length);
    for (const receiver of receivers) {
      expect(String(receiver.uid)).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(typeof receiver.type).toBe('string');
      const settings = receiver.settings as Record<string, unknown>;
      if (receiver.type === 'webhook') expect(String(settings.url)).toMatch(/^(https?:\/\/|\$\{?[A-Z_]+)/);
    }
  });
});
