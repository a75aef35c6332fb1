import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dashboardPrometheusQueries } from './support/dashboard-queries.js';
import { promtool } from './support/promtool.js';

// Grafana sends the dashboard's queries to Prometheus as they are written: parse each one with
// Prometheus's own parser (as recording rules under promtool check rules).
describe('dashboard Prometheus queries', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'anomalog-dashboard-queries-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('all parse as PromQL', () => {
    const queries = dashboardPrometheusQueries();
    expect(queries.length).toBeGreaterThan(10);
    const rules = queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr }));
    const file = path.join(scratch, 'dashboard-queries.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
    const run = promtool(['check', 'rules', file], scratch);
    const failing = run.output
      .split('\n')
      .filter((l) => /query_\d+|parse error|error/.test(l))
      .map((l) => l.replace(/dashboard:query_(\d+)/g, (_m, i: string) => queries[Number(i)].where));
    expect(run.status, failing.join('\n') || run.output).toBe(0);
  });
});
