import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { defaultConfigText, loadConfig, loadConfigWithNotes } from './load.js';
import { serviceConfigSchema } from './schema.js';

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'anomalog-config-'));
  const path = join(dir, 'anomalog.yaml');
  writeFileSync(path, text);
  return path;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs with the embedded default alone: receivers on 4317/4318, admin on 9464, JSONL to stdout', () => {
    const config = loadConfig();
    expect(config.receivers.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.receivers.http.endpoint).toBe('0.0.0.0:4318');
    expect(config.admin.endpoint).toBe('0.0.0.0:9464');
    expect(config.exporters).toHaveLength(1);
    expect(config.exporters[0]).toMatchObject({ type: 'jsonl', name: 'jsonl', config: { path: '-' } });
    expect(config.receivers.grpc.maxMessageSizeMiB).toBe(64);
  });

  it('documents in default.yaml exactly the defaults the schema applies', () => {
    const fromYaml = serviceConfigSchema.parse(parseYaml(defaultConfigText()));
    const fromSchema = serviceConfigSchema.parse({ receivers: {}, exporters: { jsonl: { path: '-' } }, admin: {}, metrics: {}, serviceGraph: {}, state: {}, shutdown: {}, log: {} });
    expect(fromYaml).toEqual(fromSchema);
  });

  it('merges a file over the defaults, and its exporters replace the default exporter', () => {
    const path = writeConfig(`
exporters:
  loki:
    endpoint: http://loki:3100/loki/api/v1/push
    tenantId: acme
  otlphttp/backup:
    endpoint: http://collector:4318/v1/logs
admin:
  endpoint: 127.0.0.1:9999
`);
    const config = loadConfig({ configFile: path });
    expect(config.exporters.map((e) => `${e.type}:${e.name}`)).toEqual(['loki:loki', 'otlphttp:otlphttp/backup']);
    expect(config.admin.endpoint).toBe('127.0.0.1:9999');
    expect(config.admin.recentAnomalies).toBe(1000);
    const loki = config.exporters[0];
    expect(loki.type === 'loki' && loki.config.structuredMetadata).toBe(true);
    expect(loki.config.queue.capacity).toBe(50_000);
  });

  it('applies environment variables over the file and flags over the environment', () => {
    const path = writeConfig('state:\n  intervalSeconds: 30\n');
    const config = loadConfig({
      configFile: path,
      env: {
        ANOMALOG_STATE__INTERVAL_SECONDS: '5',
        ANOMALOG_RECEIVERS__GRPC__MAX_MESSAGE_SIZE_MIB: '128',
        ANOMALOG_LOG_LEVEL: 'debug',
        ANOMALOG_AUTH_TOKEN: '12345',
        ANOMALOG_ADMIN__ENDPOINT: '127.0.0.1:1',
        HOME: '/root',
      },
      sets: ['admin.endpoint=127.0.0.1:2'],
    });
    expect(config.state.intervalSeconds).toBe(5);
    expect(config.receivers.grpc.maxMessageSizeMiB).toBe(128);
    expect(config.log.level).toBe('debug');
    expect(config.receivers.http.auth.bearerToken).toBe('12345');
    expect(config.admin.auth.bearerToken).toBe('12345');
    expect(config.admin.endpoint).toBe('127.0.0.1:2');
  });

  it('leaves ANOMALOG_* variables of other tools alone, but not wrong names inside a section', () => {
    const { config, ignoredEnv } = loadConfigWithNotes({ env: { ANOMALOG_ALERT_WEBHOOK_URL: 'http://hook', ANOMALOG_LOG__LEVEL: 'warn' } });
    expect(ignoredEnv).toEqual(['ANOMALOG_ALERT_WEBHOOK_URL']);
    expect(config.log.level).toBe('warn');
    expect(problemsOf(() => loadConfig({ env: { ANOMALOG_ADMIN__ENDPOIN: '127.0.0.1:1' } }))).toEqual(['admin.endpoin: unknown key']);
  });

  it('names every bad key: unknown keys, wrong types, bad exporter settings', () => {
    const path = writeConfig(`
receivers:
  grpc:
    endpoint: nowhere
    maxMessageSize: 5
state:
  intervalSeconds: soon
`);
    const problems = problemsOf(() => loadConfig({ configFile: path }));
    expect(problems.join('\n')).toMatch(/receivers\.grpc\.endpoint: expected host:port/);
    expect(problems.join('\n')).toMatch(/receivers\.grpc\.maxMessageSize: unknown key/);
    expect(problems.join('\n')).toMatch(/state\.intervalSeconds: /);

    const exporterProblems = problemsOf(() =>
      loadConfig({ sets: ['exporters.loki.endpoint=not a url', 'exporters.loki.batch=3', 'exporters.kafka.topic=x'] }),
    );
    expect(exporterProblems.join('\n')).toMatch(/exporters\.loki\.endpoint: /);
    expect(exporterProblems.join('\n')).toMatch(/exporters\.loki\.batch: unknown key/);
    expect(exporterProblems.join('\n')).toMatch(/exporters\.kafka: unknown exporter type 'kafka'/);
  });

  it('reports a file that is not YAML, or missing, by its name', () => {
    const path = writeConfig('receivers: [unclosed');
    expect(problemsOf(() => loadConfig({ configFile: path }))[0]).toContain(path);
    expect(problemsOf(() => loadConfig({ configFile: '/nonexistent/anomalog.yaml' }))[0]).toContain('/nonexistent/anomalog.yaml');
  });
});
