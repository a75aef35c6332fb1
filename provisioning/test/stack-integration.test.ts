import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { contractMetrics } from './support/contracts.js';
import { dashboardPrometheusQueries } from './support/dashboard-queries.js';
import { parseExposition } from './support/exposition.js';
import { freePort, start, stop, waitFor, type Started } from './support/processes.js';
import { promtool, requireBinary } from './support/promtool.js';
import { fromRoot, provisioningDir } from './support/paths.js';
import { ruleFiles } from './support/prometheus-rules.js';
import { scaleRuleDurations } from './support/time-scale.js';
import { asRecord } from './support/yaml-file.js';

/**
 * The stack without Docker: `anomalog serve` (the built CLI) on loopback ports, `anomalog
 * generate` sending OTLP gRPC through the OpenTelemetry SDK, and Debian's Prometheus scraping
 * Anomalog every second and evaluating the provisioned alert rules.
 *
 * 1. Anomalog first learns 30 minutes of normal traffic, sent as fast as it goes (Prometheus is
 *    not running yet: in production terms, Anomalog had learned before this story starts).
 * 2. Prometheus starts; the generator then replays the next 24 minutes of traffic at 40x, in which
 *    deploys bring exceptions never logged before (`new_error_template` incidents from minute 16,
 *    when Prometheus has the 15 minutes of history the rule looks back on; targets picked by seed).
 * 3. The test waits for AnomalogNewErrorTemplate on Prometheus's /api/v1/alerts, for exactly the
 *    services the incidents hit; then stops Anomalog and waits for AnomalogDown.
 *
 * Deviations from production, all here and nowhere else:
 * - the log runs at 40x, so the temporary copy of the rules has every duration divided by 40:
 *   range windows ([15m] → 22.5 s), offsets and the `for:` durations (2m to 10m, realistic for
 *   paging; seconds here). Counts per window, and so the provisioned thresholds, keep their
 *   production meaning. (Per-second rate thresholds, like the anomaly-rate floor, would need
 *   scaling too; no assertion here depends on them.)
 * - Anomalog exports to a JSONL file instead of Loki (no Loki server here);
 * - Prometheus scrapes and evaluates every second.
 */
const CLI = fromRoot('detector-service', 'dist', 'cli', 'main.js');
const SPEED = 40;
const TEST_BUDGET_MS = 90_000;

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

describe('the provisioned alert rules fire on Prometheus from generated anomalies', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'anomalog-stack-'));
  const processes: Started[] = [];
  let prometheusUrl = '';
  let grpcPort = 0;
  let adminPort = 0;
  let anomalog: Started | undefined;

  const alerts = async (): Promise<PromAlert[]> => {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
    return body.data.alerts;
  };
  const firing = async (alertname: string): Promise<PromAlert[]> =>
    (await alerts()).filter((a) => a.state === 'firing' && a.labels.alertname === alertname);
  const diagnostics = (): string => processes.map((p) => `--- ${p.name}:\n${p.output()}`).join('\n');
  const generate = (name: string, args: string[]): Started => {
    const proc = start(name, process.execPath, [CLI, 'generate', '--otlp', 'grpc', '--endpoint', `http://127.0.0.1:${grpcPort}`, ...args], work);
    processes.push(proc);
    return proc;
  };
  // A fixed simulated clock: the same seed and start give the same records, so the same incidents.
  const LEARNING_START = '2026-03-02T09:00:00Z';
  const INCIDENTS_START = '2026-03-02T09:30:00Z';

  beforeAll(async () => {
    const prometheusBinary = requireBinary('prometheus');
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
    const [grpc, http, admin, web] = [await freePort(), await freePort(), await freePort(), await freePort()];
    grpcPort = grpc;
    adminPort = admin;

    // Anomalog: the provisioned compose config with loopback endpoints and a file exporter.
    const config = asRecord(parse(readFileSync(path.join(provisioningDir, 'anomalog', 'anomalog.yaml'), 'utf8')), 'anomalog.yaml');
    config.receivers = { grpc: { endpoint: `127.0.0.1:${grpc}` }, http: { endpoint: `127.0.0.1:${http}` } };
    config.admin = { endpoint: `127.0.0.1:${admin}` };
    config.exporters = { jsonl: { path: path.join(work, 'enriched.jsonl') } };
    config.state = { enabled: true, dir: path.join(work, 'state'), intervalSeconds: 60 };
    config.log = { level: 'warn' };
    writeFileSync(path.join(work, 'anomalog.yaml'), stringify(config));
    anomalog = start('anomalog serve', process.execPath, [CLI, 'serve', '--config', path.join(work, 'anomalog.yaml')], work);
    processes.push(anomalog);
    await waitFor('Anomalog /readyz', async () => ((await fetch(`http://127.0.0.1:${admin}/readyz`)).ok ? true : undefined), 20_000, 200, diagnostics);

    // 1. Normal traffic to learn from.
    const learning = generate('anomalog generate (learning)', ['--anomalies', 'none', '--seed', '3', '--start', LEARNING_START, '--duration', '30m']);
    expect(await learning.exited, learning.output()).toBe(0);

    // Prometheus: the provisioned rules on the replay's time scale (see above).
    for (const file of ruleFiles()) {
      writeFileSync(path.join(work, path.basename(file)), scaleRuleDurations(readFileSync(file, 'utf8'), SPEED));
    }
    const prometheusConfig = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles().map((f) => path.basename(f)),
      scrape_configs: [{ job_name: 'anomalog', static_configs: [{ targets: [`127.0.0.1:${admin}`] }] }],
    };
    writeFileSync(path.join(work, 'prometheus.yml'), stringify(prometheusConfig));
    const check = promtool(['check', 'config', 'prometheus.yml'], work);
    expect(check.status, check.output).toBe(0);
    const prometheus = start(
      'prometheus',
      prometheusBinary,
      [
        `--config.file=${path.join(work, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(work, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${web}`,
        '--log.level=warn',
      ],
      work,
    );
    processes.push(prometheus);
    prometheusUrl = `http://127.0.0.1:${web}`;
    await waitFor('Prometheus /-/ready', async () => ((await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined), 20_000, 200, diagnostics);
  }, 60_000);

  afterAll(async () => {
    for (const proc of processes) await stop(proc);
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'AnomalogNewErrorTemplate fires for the services a deploy broke, and only for them',
    async () => {
      const began = Date.now();
      // 2. The next 24 minutes of the shop: incidents at 16, ~19 and ~22 minutes of log time.
      const incidentsFile = path.join(work, 'incidents.json');
      const replay = generate('anomalog generate (incidents)', [
        '--anomalies', 'new_error_template', '--seed', '11', '--start', INCIDENTS_START, '--duration', '24m',
        '--warmup', '16m', '--gap', '3m', '--realtime', '--speed', String(SPEED), '--incidents', incidentsFile,
      ]);

      const fired = await waitFor(
        'AnomalogNewErrorTemplate to fire',
        async () => {
          const now = await firing('AnomalogNewErrorTemplate');
          return now.length > 0 ? now : undefined;
        },
        TEST_BUDGET_MS - 10_000,
        1_000,
        diagnostics,
      );
      expect(await replay.exited, replay.output()).toBe(0);
      const incidents = JSON.parse(readFileSync(incidentsFile, 'utf8')) as Array<{ service: string; type: string }>;
      const broken = new Set(incidents.map((i) => i.service));
      expect(incidents.length).toBeGreaterThan(0);

      // Give every incident's alert its chance (the last one's template is the newest), then check
      // the set: each broken service alerts, and no healthy one does.
      const all = await waitFor(
        'an alert for every broken service',
        async () => {
          const services = new Set((await firing('AnomalogNewErrorTemplate')).map((a) => a.labels.service));
          return [...broken].every((s) => services.has(s)) ? services : undefined;
        },
        TEST_BUDGET_MS - (Date.now() - began) - 2_000,
        1_000,
        () => `incident services: ${[...broken].join(', ')}; first firing: ${JSON.stringify(fired.map((a) => a.labels))}\n${diagnostics()}`,
      );
      expect([...all].sort()).toEqual([...broken].sort());
      for (const alert of await firing('AnomalogNewErrorTemplate')) {
        expect(alert.labels).toMatchObject({ severity: 'warning', log_severity: 'ERROR' });
      }

      // The rest of the stack was healthy meanwhile: scraped, nothing refused or dropped.
      const firingNames = new Set((await alerts()).filter((a) => a.state === 'firing').map((a) => a.labels.alertname));
      for (const health of ['AnomalogDown', 'AnomalogAbsent', 'AnomalogRefusingRecords', 'AnomalogExporterDroppingRecords']) {
        expect(firingNames.has(health), `${health} fired`).toBe(false);
      }

      // What the running service exposes is what docs/contracts.md (and so every query here) names;
      // anomalog_process_* are prom-client's process metrics under Anomalog's prefix.
      const exposition = parseExposition(await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text());
      const contract = contractMetrics();
      for (const [name, family] of exposition) {
        if (!name.startsWith('anomalog_') || name.startsWith('anomalog_process_')) continue;
        expect(contract.has(name), `${name} is exposed but not in docs/contracts.md`).toBe(true);
        for (const label of family.labels) expect(contract.get(name)?.labels, `${name}{${label}}`).toContain(label);
      }
      for (const name of contract.keys()) expect(exposition.has(name), `${name} not exposed`).toBe(true);

      // The dashboard's queries run on this Prometheus, and the Anomalog panel's four have data.
      let panelQueries = 0;
      for (const query of dashboardPrometheusQueries('5m', '10s')) {
        const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query.expr)}`);
        const body = (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
        expect(body.status, `${query.where}: ${body.error ?? ''}`).toBe('success');
        if (query.where.startsWith('Anomalog overview / Anomalog /')) {
          panelQueries++;
          expect(body.data?.result.length, `${query.where} returned no series`).toBeGreaterThan(0);
        }
      }
      expect(panelQueries).toBe(4);
    },
    TEST_BUDGET_MS,
  );

  it(
    'AnomalogDown fires when the replica stops answering scrapes',
    async () => {
      await stop(anomalog);
      // for: 2m in production is 3 s on this time scale; scrapes fail from the next second on.
      const down = await waitFor(
        'AnomalogDown to fire',
        async () => {
          const now = await firing('AnomalogDown');
          return now.length > 0 ? now : undefined;
        },
        25_000,
        1_000,
        diagnostics,
      );
      expect(down.map((a) => a.labels.instance)).toEqual([`127.0.0.1:${adminPort}`]);
    },
    30_000,
  );
});
