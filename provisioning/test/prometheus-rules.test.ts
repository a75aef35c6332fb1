import { describe, expect, it } from 'vitest';
import { contractMetrics, exposedSeries } from './support/contracts.js';
import { anomalogSelectors, targetLabels } from './support/promql.js';
import { promtool } from './support/promtool.js';
import {
  alertCases,
  prometheusDir,
  provisionedRules,
  ruleFiles,
  ruleTestFiles,
} from './support/prometheus-rules.js';

const rules = provisionedRules();
const alerts = rules.filter((r) => r.alert !== undefined);

describe('Prometheus configuration and rules', () => {
  it('prometheus.yml passes promtool check config (and the rule files it loads with it)', () => {
    const run = promtool(['check', 'config', 'prometheus.yml'], prometheusDir);
    expect(run.output, run.output).toContain('SUCCESS: prometheus.yml is valid');
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(`SUCCESS: ${ruleFiles().length} rule files found`);
  });

  it('every rule file passes promtool check rules', () => {
    const run = promtool(['check', 'rules', ...ruleFiles()], prometheusDir);
    expect(run.status, run.output).toBe(0);
  });

  it('the alert unit tests pass under promtool test rules', () => {
    const run = promtool(['test', 'rules', ...ruleTestFiles()], prometheusDir);
    expect(run.status, run.output).toBe(0);
    expect(run.output).not.toContain('FAILED');
  });

  it('covers the alerts the issue asks for', () => {
    const names = alerts.map((a) => a.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'AnomalogAnomalyRateAboveBaseline',
        'AnomalogNewErrorTemplate',
        'AnomalogSecurityAnomalies',
        'AnomalogDown',
        'AnomalogAbsent',
        'AnomalogRefusingRecords',
        'AnomalogExporterDroppingRecords',
      ]),
    );
  });

  it('every alert has a firing case and a quiet case in the promtool tests', () => {
    const cases = alertCases();
    for (const alert of alerts) {
      const own = cases.filter((c) => c.alertname === alert.alert);
      expect(own.some((c) => c.expectsFiring), `${alert.alert}: no firing case`).toBe(true);
      expect(own.some((c) => !c.expectsFiring), `${alert.alert}: no quiet case`).toBe(true);
    }
  });

  it('every alert has a severity, a summary and a description, and a production for: where it should wait', () => {
    for (const alert of alerts) {
      expect(['critical', 'warning', 'info'], `${alert.alert}: severity`).toContain(alert.labels.severity);
      expect(alert.annotations.summary, `${alert.alert}: summary`).toBeTruthy();
      expect(alert.annotations.description, `${alert.alert}: description`).toBeTruthy();
    }
    // Flapping conditions wait; data loss and new templates alert at once by design.
    const waits = alerts.filter((a) => a.for !== undefined).map((a) => a.alert);
    expect(waits).toEqual(
      expect.arrayContaining(['AnomalogAnomalyRateAboveBaseline', 'AnomalogDown', 'AnomalogRefusingRecords']),
    );
  });

  it('queries only metrics and labels Anomalog exports (docs/contracts.md) and recording rules defined here', () => {
    const series = exposedSeries(contractMetrics());
    const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
    for (const rule of rules) {
      const where = rule.alert ?? rule.record;
      for (const sel of anomalogSelectors(rule.expr)) {
        if (sel.metric.includes(':')) {
          expect(recorded.has(sel.metric), `${where}: recording rule ${sel.metric} is not defined`).toBe(true);
          continue;
        }
        const labels = series.get(sel.metric);
        expect(labels, `${where}: ${sel.metric} is not an Anomalog metric`).toBeDefined();
        for (const label of sel.matcherLabels) {
          expect([...(labels ?? []), ...targetLabels], `${where}: ${sel.metric} has no label ${label}`).toContain(
            label,
          );
        }
      }
    }
  });
});
