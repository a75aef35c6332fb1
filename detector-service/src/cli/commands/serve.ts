/**
 * `anomalog serve`: runs the service. Configuration: the embedded default, then --config FILE
 * (or ANOMALOG_CONFIG), then ANOMALOG_* environment variables, then flags.
 */
import { parseArgs } from 'node:util';
import { stringify as toYaml } from 'yaml';
import { ConfigError } from '../../config/errors.js';
import { loadConfigWithNotes } from '../../config/load.js';
import { createLogger } from '../../logger.js';
import { AnomalogService } from '../../service/anomalog-service.js';
import { engineFactory } from '../../service/engine-factory.js';

export const summary = 'receive OTLP logs, score them, export them enriched (Loki, OTLP, JSONL), serve metrics';

const HELP = `usage: anomalog serve [options]

  --config FILE          YAML configuration merged over the embedded default (env: ANOMALOG_CONFIG)
  --set PATH=VALUE       set one key, e.g. --set exporters.loki.endpoint=http://loki:3100/loki/api/v1/push
                         (repeatable; a value is read as YAML: numbers, booleans, lists)
  --grpc-endpoint H:P    receivers.grpc.endpoint (default 0.0.0.0:4317)
  --http-endpoint H:P    receivers.http.endpoint (default 0.0.0.0:4318)
  --admin-endpoint H:P   admin.endpoint: /metrics, /healthz, /readyz, /api/v1 (default 0.0.0.0:9464)
  --state-dir DIR        state.dir (default .anomalog-state)
  --log-level LEVEL      log.level: fatal, error, warn, info, debug, trace, silent (default info)
  --check-config         validate the configuration, print it (secrets masked) and exit
  -h, --help             this help

Environment: ANOMALOG_<PATH> with '__' between levels sets any key, e.g.
ANOMALOG_ADMIN__ENDPOINT=127.0.0.1:9464; shortcuts: ANOMALOG_LOG_LEVEL, ANOMALOG_STATE_DIR,
ANOMALOG_AUTH_TOKEN (bearer token on every listener).
The service's own logs are JSON on stderr; enriched records go where the exporters say.
`;

const NAMED_FLAGS: Record<string, string> = {
  'grpc-endpoint': 'receivers.grpc.endpoint',
  'http-endpoint': 'receivers.http.endpoint',
  'admin-endpoint': 'admin.endpoint',
  'state-dir': 'state.dir',
  'log-level': 'log.level',
};

function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /token|password/i.test(k) && typeof v === 'string' && v !== '' ? '***' : maskSecrets(v);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        set: { type: 'string', multiple: true },
        'grpc-endpoint': { type: 'string' },
        'http-endpoint': { type: 'string' },
        'admin-endpoint': { type: 'string' },
        'state-dir': { type: 'string' },
        'log-level': { type: 'string' },
        'check-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    process.stderr.write(`anomalog serve: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const sets = [...(values.set ?? [])];
  for (const [flag, path] of Object.entries(NAMED_FLAGS)) {
    const v = values[flag as keyof typeof values];
    if (typeof v === 'string') sets.push(`${path}=${v}`);
  }

  let config;
  let ignoredEnv: string[];
  try {
    ({ config, ignoredEnv } = loadConfigWithNotes({ configFile: values.config ?? process.env.ANOMALOG_CONFIG, env: process.env, sets }));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`anomalog serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (values['check-config']) {
    process.stdout.write(toYaml(maskSecrets(config)));
    return 0;
  }

  const log = createLogger(config.log.level);
  if (ignoredEnv.length > 0) log.warn({ variables: ignoredEnv }, 'ANOMALOG_* variables that name no configuration section were ignored');
  const service = new AnomalogService(config, engineFactory, log);
  try {
    await service.start();
  } catch (err) {
    log.fatal({ err }, 'anomalog could not start');
    await service.stop().catch(() => undefined);
    log.flush();
    return 1;
  }

  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      signals++;
      if (signals > 1) {
        log.warn({ signal }, 'second signal: exiting without waiting for the drain');
        log.flush();
        process.exit(130);
      }
      log.info({ signal }, 'stopping: receivers close, queues drain, state is saved');
      service.stop().then(
        () => {
          log.flush();
          resolve(0);
        },
        (err: unknown) => {
          log.error({ err }, 'stop failed');
          log.flush();
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
