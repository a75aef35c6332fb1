import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { provisionedAlertRules, type GrafanaAlertRule } from './support/grafana.js';
import { rulesDir, ruleTestFiles } from './support/prometheus-rules.js';
import { promtool } from './support/promtool.js';
import { asArray, asRecord, readYaml } from './support/yaml-file.js';

const OPERATORS: Record<string, string> = { gt: '>', lt: '<' };

/**
 * A Grafana rule of the provisioned shape (A = PromQL, C = threshold on A) as the Prometheus
 * alert that means the same thing: `(A) > threshold`, same for:, same severity.
 */
function asPrometheusAlert(rule: GrafanaAlertRule): Record<string, unknown> {
  const condition = rule.data.find((q) => q.refId === rule.condition);
  if (!condition || condition.model.type !== 'threshold') throw new Error(`${rule.title}: condition is not a threshold`);
  const query = rule.data.find((q) => q.refId === condition.model.expression);
  if (!query || typeof query.model.expr !== 'string') throw new Error(`${rule.title}: threshold input is not a query`);
  const evaluator = asRecord(asRecord(asArray(condition.model.conditions, rule.title)[0], rule.title).evaluator, rule.title);
  const operator = OPERATORS[String(evaluator.type)];
  if (!operator) throw new Error(`${rule.title}: threshold type ${String(evaluator.type)} not translated`);
  const threshold = Number(asArray(evaluator.params, rule.title)[0]);
  return {
    alert: rule.title,
    expr: `(${query.model.expr.trim()})\n${operator} ${threshold}`,
    for: rule.for,
    labels: { severity: rule.labels.severity },
  };
}

// The Grafana-managed rules must fire exactly where the Prometheus rules do: the promtool unit
// tests of the Prometheus rules are run against the Grafana rules' queries and thresholds
// (expected labels unchanged; annotations are Grafana templates, so they are not compared).
describe('Grafana-managed alert rules behave like the Prometheus rules', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'anomalog-grafana-rules-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('pass the Prometheus rules’ promtool unit tests', () => {
    mkdirSync(path.join(scratch, 'rules'));
    mkdirSync(path.join(scratch, 'tests'));
    cpSync(path.join(rulesDir, 'anomalog-recording.rules.yml'), path.join(scratch, 'rules', 'recording.rules.yml'));
    const rules = provisionedAlertRules();
    const groups = [...new Set(rules.map((r) => r.group))].map((name) => ({
      name,
      rules: rules.filter((r) => r.group === name).map(asPrometheusAlert),
    }));
    writeFileSync(path.join(scratch, 'rules', 'grafana.rules.yml'), stringify({ groups }));

    const testFiles: string[] = [];
    for (const file of ruleTestFiles()) {
      const doc = asRecord(readYaml(file), file);
      doc.rule_files = ['../rules/recording.rules.yml', '../rules/grafana.rules.yml'];
      for (const test of asArray(doc.tests, file)) {
        for (const alertCase of asArray(asRecord(test, file).alert_rule_test ?? [], file)) {
          for (const expected of asArray(asRecord(alertCase, file).exp_alerts ?? [], file)) {
            delete asRecord(expected, file).exp_annotations;
          }
        }
      }
      const target = path.join(scratch, 'tests', path.basename(file));
      writeFileSync(target, stringify(doc));
      testFiles.push(target);
    }

    const run = promtool(['test', 'rules', ...testFiles], scratch);
    expect(run.output).not.toContain('FAILED');
    expect(run.status, run.output).toBe(0);
  });
});
