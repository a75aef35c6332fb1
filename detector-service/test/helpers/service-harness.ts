/**
 * Starts the real service (receivers, engine, exporters, metrics, admin) on loopback ports chosen
 * by the OS, with export targets that capture what arrives: a Loki push endpoint, an OTLP gRPC
 * server (our own receiver with a recording consumer) and a JSONL file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogsData } from '@anomalog/collector-processor';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { AnomalogService } from '../../src/service/anomalog-service.js';
import { engineFactory } from '../../src/service/engine-factory.js';
import { createGrpcReceiver, type Receiver } from '../../src/receivers/index.js';
import type { ConsumeOutcome, LogsConsumer } from '../../src/pipeline/consumer.js';
import { CaptureServer } from './capture-server.js';

export class ForwardTarget implements LogsConsumer {
  readonly received: LogsData[] = [];
  async consume(data: LogsData): Promise<ConsumeOutcome> {
    this.received.push(data);
    return { kind: 'accepted', rejectedRecords: 0, message: '' };
  }
}

export interface Harness {
  service: AnomalogService;
  grpcPort: number;
  httpPort: number;
  adminPort: number;
  admin: string;
  loki: CaptureServer;
  forward: ForwardTarget;
  /** The OTLP/HTTP forward target (requests captured as sent: gzip protobuf). */
  otlpHttp: CaptureServer;
  jsonlPath: string;
  stateDir: string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  stateDir?: string;
  /** Extra `path=value` settings. */
  sets?: string[];
  loki?: CaptureServer;
  log?: Logger;
  /** Leave out the OTLP gRPC forward target. */
  withoutForward?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const loki = options.loki ?? new CaptureServer();
  const lokiUrl = options.loki ? undefined : await loki.start();
  const forward = new ForwardTarget();
  const otlpHttp = new CaptureServer();
  const otlpHttpUrl = options.withoutForward ? undefined : await otlpHttp.start();
  let forwardReceiver: Receiver | undefined;
  let forwardPort = 0;
  if (!options.withoutForward) {
    forwardReceiver = createGrpcReceiver({ host: '127.0.0.1', port: 0 }, forward);
    forwardPort = (await forwardReceiver.start()).port;
  }
  const work = mkdtempSync(join(tmpdir(), 'anomalog-service-'));
  const stateDir = options.stateDir ?? join(work, 'state');
  const jsonlPath = join(work, 'records.jsonl');
  const sets = [
    'receivers.grpc.endpoint=127.0.0.1:0',
    'receivers.http.endpoint=127.0.0.1:0',
    'admin.endpoint=127.0.0.1:0',
    `state.dir=${stateDir}`,
    `exporters.jsonl.path=${jsonlPath}`,
    'exporters.jsonl.queue.flushIntervalMs=20',
    ...(lokiUrl ? [`exporters.loki.endpoint=${lokiUrl}/loki/api/v1/push`, 'exporters.loki.queue.flushIntervalMs=20'] : []),
    ...(forwardReceiver ? [`exporters.otlpgrpc.endpoint=127.0.0.1:${forwardPort}`, 'exporters.otlpgrpc.queue.flushIntervalMs=20'] : []),
    ...(otlpHttpUrl ? [`exporters.otlphttp.endpoint=${otlpHttpUrl}/v1/logs`, 'exporters.otlphttp.queue.flushIntervalMs=20'] : []),
    ...(options.sets ?? []),
  ];
  const config = loadConfig({ sets });
  const service = new AnomalogService(config, engineFactory, options.log ?? silentLogger());
  const addresses = await service.start();
  return {
    service,
    grpcPort: addresses.grpc!.port,
    httpPort: addresses.http!.port,
    adminPort: addresses.admin!.port,
    admin: `http://127.0.0.1:${addresses.admin!.port}`,
    loki,
    forward,
    otlpHttp,
    jsonlPath,
    stateDir,
    async stop() {
      await service.stop();
      await forwardReceiver?.shutdown(100);
      if (otlpHttpUrl) await otlpHttp.close();
      if (lokiUrl) await loki.close();
    },
  };
}

/** Polls until `check` returns true (or throws after `timeoutMs`). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
