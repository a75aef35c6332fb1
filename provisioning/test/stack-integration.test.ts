import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { contractMetrics } from './support/contracts.js';
import { parseExposition } from './support/exposition.js';
import { freePort, start, stop, waitFor, type Started } from './support/processes.js';
import { promtool, requireBinary } from './support/promtool.js';
import { fromRoot, provisioningDir } from './support/paths.js';
import { ruleFiles } from './support/prometheus-rules.js';
import { scaleRuleDurations } from './support/time-scale.js';
import { asRecord } from './support/yaml-file.js';

/**
 * The stack without Docker: `anomalog serve` (the built CLI) on loopback ports, the generator
 * sending OTLP gRPC through the OpenTelemetry SDK with brute-force logins injected, and Debian's
 * Prometheus scraping Anomalog every second and evaluating the provisioned alert rules.
 *
 * Deviations from production, all here and nowhere else:
 * - the generator replays 12 minutes of log time at 20x (about 36 s), so the temporary copy of the
 *   rules has every duration divided by 20: range windows ([5m] → 15 s), offsets and the `for:`
 *   durations (2m to 10m, realistic for paging; here seconds). Counts per window, and so the
 *   provisioned thresholds, then mean what they mean in production. (Per-second rate thresholds,
 *   like the anomaly-rate floor, would need scaling too; no assertion here depends on them.)
 *   Without the window scaling, a 5-minute window would hold 100 minutes of log and the warm-up's
 *   background noise alone would cross the security threshold.
 * - Anomalog exports to a JSONL file instead of Loki (no Loki server here);
 * - Prometheus scrapes and evaluates every second.
 */
const CLI = fromRoot('detector-service', 'dist', 'cli', 'main.js');
const TEST_BUDGET_MS = 90_000;
const SIMULATED = { minutes: 12, speed: 20 };

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
  let generator: Started | undefined;

  const diagnostics = (): string => processes.map((p) => `--- ${p.name}:\n${p.output()}`).join('\n');

  beforeAll(async () => {
    requireBinary('prometheus');
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
    const anomalog = start('anomalog serve', process.execPath, [CLI, 'serve', '--config', path.join(work, 'anomalog.yaml')], work);
    processes.push(anomalog);

    // Prometheus: the provisioned rules on the replay's time scale (see above), scraping every second.
    for (const file of ruleFiles()) {
      writeFileSync(path.join(work, path.basename(file)), scaleRuleDurations(readFileSync(file, 'utf8'), SIMULATED.speed));
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
      requireBinary('prometheus'),
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

    await waitFor('Anomalog /readyz', async () => ((await fetch(`http://127.0.0.1:${admin}/readyz`)).ok ? true : undefined), 20_000, 200, diagnostics);
    await waitFor('Prometheus /-/ready', async () => ((await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined), 20_000, 200, diagnostics);
  });

  afterAll(async () => {
    await stop(generator);
    for (const proc of processes) await stop(proc);
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'AnomalogSecurityAnomalies fires for the services the brute force goes through',
    async () => {
      const began = Date.now();
      // 12 minutes of log time ending now: warm-up, then a brute force on auth every 2 minutes.
      const startIso = new Date(Date.now() - SIMULATED.minutes * 60_000).toISOString();
      generator = start(
        'anomalog generate',
        process.execPath,
        [
          CLI, 'generate', '--otlp', 'grpc', '--endpoint', `http://127.0.0.1:${grpcPort}`,
          '--anomalies', 'brute_force', '--seed', '7', '--start', startIso,
          '--duration', `${SIMULATED.minutes}m`, '--warmup', '4m', '--gap', '2m',
          '--realtime', '--speed', String(SIMULATED.speed),
        ],
        work,
      );
      processes.push(generator);

      const alerts = async (): Promise<PromAlert[]> => {
        const body = (await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
        return body.data.alerts;
      };
      const generatorStarted = Date.now();
      const fired = await waitFor(
        'AnomalogSecurityAnomalies to fire',
        async () => {
          const firing = (await alerts()).filter((a) => a.state === 'firing' && a.labels.alertname === 'AnomalogSecurityAnomalies');
          return firing.length > 0 ? firing : undefined;
        },
        TEST_BUDGET_MS - (Date.now() - began) - 5_000,
        1_000,
        diagnostics,
      );
      const firstFiringAfterMs = Date.now() - generatorStarted;
      // The attacker's logins hit frontend (access log: 401, 429) and auth (failed logins).
      for (const alert of fired) expect(['auth', 'frontend']).toContain(alert.labels.service);
      // Quiet during the warm-up: its background noise (mistyped passwords...) must not fire it.
      // The first brute force starts 4 minutes into the log, i.e. 12 s of wall time at 20x.
      expect(firstFiringAfterMs, 'fired before any brute force was sent').toBeGreaterThanOrEqual((4 * 60_000) / SIMULATED.speed);
      expect(fired[0].labels.severity).toBe('critical');

      // The rest of the stack was healthy meanwhile: scraped, nothing refused or dropped.
      const firingNames = new Set((await alerts()).filter((a) => a.state === 'firing').map((a) => a.labels.alertname));
      for (const health of ['AnomalogDown', 'AnomalogAbsent', 'AnomalogRefusingRecords', 'AnomalogExporterDroppingRecords']) {
        expect(firingNames.has(health), `${health} fired`).toBe(false);
      }
      const query = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('sum(anomalog_records_total)')}`);
      const scored = Number(((await query.json()) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]?.value[1]);
      expect(scored, 'records scored, as Prometheus saw them').toBeGreaterThan(1000);
      expect(generator.child.exitCode === null || generator.child.exitCode === 0, generator.output()).toBe(true);

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
    },
    TEST_BUDGET_MS,
  );
});
