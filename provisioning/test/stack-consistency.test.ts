import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../detector-service/src/config/load.js';
import {
  collectorDir,
  componentType,
  otlpReceiverPorts,
  pipelinesOf,
  readCollectorConfig,
  telemetryPort,
  type CollectorConfig,
} from './support/collector.js';
import { hostAndPort, hostPathFor, readCompose } from './support/compose.js';
import { contractPorts } from './support/contracts.js';
import { grafanaProvisioningMount, provisionedDatasources } from './support/grafana.js';
import { fromRoot, provisioningDir } from './support/paths.js';
import { asArray, asRecord, readYaml } from './support/yaml-file.js';

const PLUGIN_ID = 'anomalog-anomalies-panel';
const compose = readCompose();
const service = (name: string) => {
  const svc = compose.services.get(name);
  if (!svc) throw new Error(`docker-compose.yml has no service ${name}`);
  return svc;
};
const anomalogConfig = loadConfig({ configFile: path.join(provisioningDir, 'anomalog', 'anomalog.yaml'), env: {} });
const portOf = (endpoint: string): number => Number(endpoint.split(':').pop());
const lokiConfig = asRecord(readYaml(path.join(provisioningDir, 'loki', 'loki-config.yaml')), 'loki-config.yaml');
const lokiHttpPort = Number(asRecord(lokiConfig.server, 'server').http_listen_port);
const singleNode = readCollectorConfig('collector.yaml');
const loadBalancing = readCollectorConfig('collector-loadbalancing.yaml');

/** Which port each compose service listens on for a given purpose, read from its own config. */
const listening: Record<string, number[]> = {
  anomalog: [
    portOf(anomalogConfig.receivers.grpc.endpoint),
    portOf(anomalogConfig.receivers.http.endpoint),
    portOf(anomalogConfig.admin.endpoint),
  ],
  'otel-collector': [
    ...Object.values(otlpReceiverPorts(singleNode)),
    ...(telemetryPort(singleNode) === undefined ? [] : [telemetryPort(singleNode) as number]),
  ],
  loki: [lokiHttpPort],
  prometheus: [9090],
  grafana: [3000],
};

/** Fails unless `address` names a compose service on a port it listens on. */
function expectComposeAddress(address: string, where: string): void {
  const { host, port } = hostAndPort(address);
  expect(compose.services.has(host), `${where}: ${host} is not a docker-compose service`).toBe(true);
  expect(listening[host] ?? [], `${where}: ${host} does not listen on ${port}`).toContain(port);
}

describe('docker-compose.yml', () => {
  it('runs the whole stack', () => {
    expect([...compose.services.keys()].sort()).toEqual(
      ['anomalog', 'generator', 'grafana', 'loki', 'otel-collector', 'prometheus'].sort(),
    );
  });

  it('mounts only paths that exist in the repository, and declares its named volumes', () => {
    for (const svc of compose.services.values()) {
      for (const mount of svc.mounts) {
        if (mount.hostPath) {
          const relative = path.relative(fromRoot(), mount.hostPath);
          const hint = relative.startsWith('grafana-panel/dist') ? ' (built by `npm run build`)' : '';
          expect(existsSync(mount.hostPath), `${svc.name}: ${relative} does not exist${hint}`).toBe(true);
        } else {
          expect(compose.volumes, `${svc.name}: volume ${mount.volume} is not declared`).toContain(mount.volume);
        }
      }
      for (const dep of svc.dependsOn) expect(compose.services.has(dep), `${svc.name} depends on ${dep}`).toBe(true);
    }
  });

  it('publishes Anomalog’s and the collector’s ports as the contract numbers them', () => {
    const ports = contractPorts();
    expect([...ports.keys()].sort()).toEqual([4317, 4318, 9464]);
    expect(listening.anomalog.sort()).toEqual([4317, 4318, 9464]);
    expect(service('anomalog').ports).toContainEqual({ host: 9464, container: 9464 });
    const collectorPorts = otlpReceiverPorts(singleNode);
    expect(service('otel-collector').ports).toEqual(
      expect.arrayContaining([
        { host: 4317, container: collectorPorts.grpc },
        { host: 4318, container: collectorPorts.http },
      ]),
    );
    for (const svc of compose.services.values()) {
      for (const port of svc.ports) expect(listening[svc.name], `${svc.name} publishes ${port.container}`).toContain(port.container);
    }
    const hostPorts = [...compose.services.values()].flatMap((s) => s.ports.map((p) => p.host));
    expect(new Set(hostPorts).size, 'a host port published twice').toBe(hostPorts.length);
  });

  it('gives the collector its config where its command reads it', () => {
    const collector = service('otel-collector');
    const configArg = collector.command.find((a) => a.startsWith('--config='));
    const inContainer = String(configArg).slice('--config='.length);
    expect(hostPathFor(collector, inContainer)).toBe(path.join(collectorDir, 'collector.yaml'));
  });

  it('gives Anomalog the provisioned config at the path the image’s command reads, and a state volume', () => {
    const anomalog = service('anomalog');
    expect(anomalog.build).toBeDefined();
    expect(hostPathFor(anomalog, '/etc/anomalog/anomalog.yaml')).toBe(path.join(provisioningDir, 'anomalog', 'anomalog.yaml'));
    const stateMount = anomalog.mounts.find((m) => m.target === anomalogConfig.state.dir);
    expect(stateMount?.volume, 'learned state on a named volume').toBeDefined();
  });

  it('runs the generator from the Anomalog image, sending OTLP gRPC to the collector in real time', () => {
    const generator = service('generator');
    expect(generator.image).toBe(service('anomalog').image);
    // `sh -c "exec node .../main.js generate ..."`: the shell only computes --start (now).
    const script = generator.command.join(' ');
    const args = script.slice(script.indexOf(' generate ') + 1).split(/\s+/);
    expect(script).toContain('exec node /app/detector-service/dist/cli/main.js generate ');
    expect(args[args.indexOf('--otlp') + 1]).toBe('grpc');
    const endpoint = args[args.indexOf('--endpoint') + 1];
    expect(hostAndPort(endpoint).port).toBe(otlpReceiverPorts(singleNode).grpc);
    expectComposeAddress(endpoint, 'generator --endpoint');
    expect(args).toContain('--realtime');
    // Compose interpolates $$ to $, so the shell sees $(date ...) and starts the clock now.
    expect(args[args.indexOf('--start') + 1]).toBe('"$$(date');
  });

  it('gives Prometheus its config and rules', () => {
    const prometheus = service('prometheus');
    const configArg = prometheus.command.find((a) => a.startsWith('--config.file='));
    const config = hostPathFor(prometheus, String(configArg).slice('--config.file='.length));
    expect(config).toBe(path.join(provisioningDir, 'prometheus', 'prometheus.yml'));
    // rule_files are relative to prometheus.yml and checked by promtool check config.
  });

  it('loads the panel unsigned from grafana-panel/dist and applies provisioning/grafana', () => {
    const grafana = service('grafana');
    expect(grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',')).toContain(PLUGIN_ID);
    const pluginDir = hostPathFor(grafana, `/var/lib/grafana/plugins/${PLUGIN_ID}`);
    expect(pluginDir).toBe(fromRoot('grafana-panel', 'dist'));
    // What Grafana loads from that folder: the built plugin.json (same id) and module.js.
    const built = JSON.parse(readFileSync(path.join(String(pluginDir), 'plugin.json'), 'utf8')) as { id: string; type: string };
    expect(built).toMatchObject({ id: PLUGIN_ID, type: 'panel' });
    expect(existsSync(path.join(String(pluginDir), 'module.js')), 'grafana-panel/dist/module.js (npm run build)').toBe(true);
    expect(hostPathFor(grafana, grafanaProvisioningMount)).toBe(path.join(provisioningDir, 'grafana'));
    const home = hostPathFor(grafana, grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
    expect(home !== undefined && existsSync(home) && statSync(home).isFile(), 'home dashboard file').toBe(true);
    // The example contact point reads its URL from this variable.
    expect(grafana.environment.ANOMALOG_ALERT_WEBHOOK_URL).toBeDefined();
  });
});

describe('addresses between the services', () => {
  it('Prometheus scrapes compose services on the ports they serve metrics on', () => {
    const doc = asRecord(readYaml(path.join(provisioningDir, 'prometheus', 'prometheus.yml')), 'prometheus.yml');
    const jobs = asArray(doc.scrape_configs, 'scrape_configs').map((j) => asRecord(j, 'scrape config'));
    const anomalogJob = jobs.find((j) => j.job_name === 'anomalog');
    expect(anomalogJob, 'a scrape job named anomalog (the alert rules select job="anomalog")').toBeDefined();
    for (const job of jobs) {
      for (const sc of asArray(job.static_configs ?? [], 'static_configs')) {
        for (const target of asArray(asRecord(sc, 'static_config').targets, 'targets').map(String)) {
          if (target.startsWith('localhost:')) continue;
          expectComposeAddress(target, `scrape job ${String(job.job_name)}`);
        }
      }
    }
    const anomalogTargets = asArray(asRecord(asArray(anomalogJob?.static_configs, 'sc')[0], 'sc').targets, 't');
    expect(anomalogTargets).toEqual([`anomalog:${portOf(anomalogConfig.admin.endpoint)}`]);
  });

  it('Grafana’s datasources point at the compose Prometheus and Loki', () => {
    for (const ds of provisionedDatasources()) expectComposeAddress(ds.url, `datasource ${ds.uid}`);
  });

  it('Anomalog pushes to the compose Loki’s push API', () => {
    const loki = anomalogConfig.exporters.find((e) => e.type === 'loki');
    expect(loki, 'a loki exporter in provisioning/anomalog/anomalog.yaml').toBeDefined();
    const endpoint = String((loki?.config as { endpoint: string }).endpoint);
    expectComposeAddress(endpoint, 'anomalog loki exporter');
    expect(new globalThis.URL(endpoint).pathname).toBe('/loki/api/v1/push');
  });

  it('the single-node collector exports to Anomalog’s gRPC receiver', () => {
    const exporters = Object.entries(singleNode.exporters).filter(([name]) => componentType(name) === 'otlp');
    expect(exporters.length).toBe(1);
    const endpoint = String(asRecord(exporters[0][1], 'otlp exporter').endpoint);
    expectComposeAddress(endpoint, 'collector otlp exporter');
    expect(hostAndPort(endpoint).port).toBe(portOf(anomalogConfig.receivers.grpc.endpoint));
  });

  it('the load-balancing collector resolves replicas on Anomalog’s gRPC port', () => {
    const [, lb] = Object.entries(loadBalancing.exporters).find(([name]) => componentType(name) === 'loadbalancing') ?? [];
    const dns = asRecord(asRecord(asRecord(lb, 'loadbalancing').resolver, 'resolver').dns, 'resolver.dns');
    expect(Number(dns.port)).toBe(portOf(anomalogConfig.receivers.grpc.endpoint));
  });
});

describe('collector configs', () => {
  const configs: Array<[string, CollectorConfig]> = [
    ['collector.yaml', singleNode],
    ['collector-loadbalancing.yaml', loadBalancing],
  ];

  for (const [file, config] of configs) {
    describe(file, () => {
      it('defines every component its pipelines and extensions use, and uses every one it defines', () => {
        const used = { receivers: new Set<string>(), processors: new Set<string>(), exporters: new Set<string>() };
        for (const pipeline of pipelinesOf(config)) {
          expect(componentType(pipeline.name)).toBe('logs');
          for (const kind of ['receivers', 'processors', 'exporters'] as const) {
            for (const name of pipeline[kind]) {
              expect(Object.keys(config[kind]), `${pipeline.name}: ${kind} ${name}`).toContain(name);
              used[kind].add(name);
            }
          }
        }
        for (const kind of ['receivers', 'processors', 'exporters'] as const) {
          expect([...used[kind]].sort(), `${kind} defined but unused`).toEqual(Object.keys(config[kind]).sort());
        }
        const extensions = asArray(config.service.extensions ?? [], 'service.extensions').map(String);
        expect(extensions.sort()).toEqual(Object.keys(config.extensions).sort());
      });

      it('receives OTLP from applications on the standard ports, on all interfaces', () => {
        expect(otlpReceiverPorts(config)).toEqual({ grpc: 4317, http: 4318 });
      });

      it('limits memory before batching, and queues and retries towards Anomalog', () => {
        for (const pipeline of pipelinesOf(config)) {
          expect(pipeline.processors[0], 'memory_limiter comes first').toBe('memory_limiter');
          expect(pipeline.processors).toContain('batch');
        }
        const [name, exporter] = Object.entries(config.exporters)[0];
        const settings = asRecord(exporter, name);
        expect(asRecord(settings.sending_queue, `${name}.sending_queue`).enabled).toBe(true);
        expect(asRecord(settings.retry_on_failure, `${name}.retry_on_failure`).enabled).toBe(true);
      });
    });
  }

  it('the load-balancing exporter routes by service over DNS-discovered replicas', () => {
    const [name, lb] = Object.entries(loadBalancing.exporters)[0];
    expect(componentType(name)).toBe('loadbalancing');
    const settings = asRecord(lb, name);
    expect(settings.routing_key).toBe('service');
    const otlp = asRecord(asRecord(settings.protocol, 'protocol').otlp, 'protocol.otlp');
    expect(otlp.endpoint, 'the resolver supplies each endpoint').toBeUndefined();
    expect(asRecord(settings.resolver, 'resolver').dns).toBeDefined();
  });
});

describe('Loki configuration', () => {
  it('stores structured metadata (Anomalog’s scores, templates, trace ids) on the filesystem', () => {
    const limits = asRecord(lokiConfig.limits_config, 'limits_config');
    expect(limits.allow_structured_metadata).toBe(true);
    const schemas = asArray(asRecord(lokiConfig.schema_config, 'schema_config').configs, 'configs').map((c) => asRecord(c, 'schema'));
    const latest = schemas[schemas.length - 1];
    expect(latest.store).toBe('tsdb');
    expect(latest.schema).toBe('v13');
    expect(latest.object_store).toBe('filesystem');
    expect(asRecord(asRecord(lokiConfig.common, 'common').storage, 'storage').filesystem).toBeDefined();
    expect(limits.otlp_config, 'OTLP ingestion settings').toBeDefined();
    expect(lokiConfig.auth_enabled).toBe(false);
  });

  it('keeps its data on the compose volume', () => {
    const loki = service('loki');
    const pathPrefix = String(asRecord(lokiConfig.common, 'common').path_prefix);
    expect(loki.mounts.find((m) => m.target === pathPrefix)?.volume).toBeDefined();
    const configArg = loki.command.find((a) => a.startsWith('-config.file='));
    expect(hostPathFor(loki, String(configArg).slice('-config.file='.length))).toBe(
      path.join(provisioningDir, 'loki', 'loki-config.yaml'),
    );
  });
});
