import { readdirSync } from 'node:fs';
import path from 'node:path';
import { provisioningDir } from './paths.js';
import { asArray, asRecord, readYaml } from './yaml-file.js';

export const prometheusDir = path.join(provisioningDir, 'prometheus');
export const rulesDir = path.join(prometheusDir, 'rules');
export const ruleTestsDir = path.join(prometheusDir, 'tests');

export interface PromRule {
  file: string;
  group: string;
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function ruleFiles(): string[] {
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith('.rules.yml'))
    .map((f) => path.join(rulesDir, f));
}

export function ruleTestFiles(): string[] {
  return readdirSync(ruleTestsDir)
    .filter((f) => f.endsWith('.test.yml'))
    .map((f) => path.join(ruleTestsDir, f));
}

/** Every rule of the provisioned rule files. */
export function provisionedRules(): PromRule[] {
  const rules: PromRule[] = [];
  for (const file of ruleFiles()) {
    const doc = asRecord(readYaml(file), file);
    for (const groupValue of asArray(doc.groups, `${file}: groups`)) {
      const group = asRecord(groupValue, `${file}: group`);
      for (const ruleValue of asArray(group.rules, `${file}: ${String(group.name)}.rules`)) {
        const rule = asRecord(ruleValue, `${file}: rule`);
        rules.push({
          file,
          group: String(group.name),
          alert: rule.alert === undefined ? undefined : String(rule.alert),
          record: rule.record === undefined ? undefined : String(rule.record),
          expr: String(rule.expr),
          for: rule.for === undefined ? undefined : String(rule.for),
          labels: (rule.labels ?? {}) as Record<string, string>,
          annotations: (rule.annotations ?? {}) as Record<string, string>,
        });
      }
    }
  }
  return rules;
}

export interface AlertCase {
  file: string;
  test: string;
  evalTime: string;
  alertname: string;
  expectsFiring: boolean;
}

/** Every alert_rule_test case of the promtool test files. */
export function alertCases(): AlertCase[] {
  const cases: AlertCase[] = [];
  for (const file of ruleTestFiles()) {
    const doc = asRecord(readYaml(file), file);
    for (const testValue of asArray(doc.tests, `${file}: tests`)) {
      const test = asRecord(testValue, `${file}: test`);
      for (const caseValue of asArray(test.alert_rule_test ?? [], `${file}: alert_rule_test`)) {
        const alertCase = asRecord(caseValue, `${file}: alert_rule_test case`);
        cases.push({
          file,
          test: String(test.name),
          evalTime: String(alertCase.eval_time),
          alertname: String(alertCase.alertname),
          expectsFiring: asArray(alertCase.exp_alerts ?? [], `${file}: exp_alerts`).length > 0,
        });
      }
    }
  }
  return cases;
}
