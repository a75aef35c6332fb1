/**
 * The whole service assembled from configuration: receivers → pipeline (engine) → exporters, with
 * metrics, the admin API and state persistence around them. `start` restores state before the
 * receivers listen; `stop` follows the SIGTERM order: receivers stop, accepted records are scored,
 * queues drain within the deadline, state is saved, the admin listener closes last.
 *
 * With `processor.scoringThread` (the default) the engine, the template catalog and the state
 * keeper run in the scoring thread (pipeline/scoring-thread.ts); otherwise here, on the event loop.
 */
import { readFileSync } from 'node:fs';
import type { Engine, EngineStats } from '@anomalog/collector-processor';
import type { ScoringThreadRestartsConfig, ServiceConfig, TlsConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { AdminServer } from '../admin/admin-server.js';
import { AnomalyRing } from '../admin/anomaly-ring.js';
import { TemplateCatalog } from '../admin/template-catalog.js';
import { createExporter } from '../exporters/create-exporter.js';
import type { QueuedExporter } from '../exporters/queued-exporter.js';
import type { QueuedRecord } from '../exporters/export-record.js';
import { ServiceGraph } from '../metrics/service-graph.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { ScoringThread, type RestartPolicy } from '../pipeline/scoring-thread.js';
import { createGrpcReceiver, createHttpReceiver, type ListeningAddress, type Receiver, type ReceiverConfig } from '../receivers/index.js';
import { splitEndpoint } from './endpoint.js';
import { gcMode } from './node-flags.js';
import { engineSnapshot, StateKeeper } from './state-keeper.js';

/** Builds the engine, from a restored snapshot when there is one (scoring on the event loop only). */
export type EngineFactory = (engineConfig: Record<string, unknown>, snapshot: unknown) => Engine;

export interface ServiceAddresses {
  grpc?: ListeningAddress;
  http?: ListeningAddress;
  admin?: ListeningAddress;
}

/** How often the scoring thread reports its figures (engine stats for /metrics, saves, catalog). */
const SCORING_FIGURES_INTERVAL_MS = 1000;

function readTls(tls: TlsConfig | undefined): { cert: Buffer; key: Buffer; ca?: Buffer } | undefined {
  if (!tls) return undefined;
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ca: tls.clientCaFile ? readFileSync(tls.clientCaFile) : undefined,
  };
}

function restartPolicy(c: ScoringThreadRestartsConfig): RestartPolicy {
  return { max: c.max, windowMs: c.windowSeconds * 1000, backoffMs: c.backoffSeconds * 1000, maxBackoffMs: c.maxBackoffSeconds * 1000 };
}

export class AnomalogService {
  readonly metrics: ServiceMetrics;
  readonly catalog: TemplateCatalog;
  readonly anomalies: AnomalyRing;
  readonly graph: ServiceGraph;
  readonly exporters: QueuedExporter<QueuedRecord>[];
  private engine: Engine | undefined;
  private scoring: ScoringThread | undefined;
  private pipeline: Pipeline | undefined;
  private readonly receivers: Receiver[] = [];
  private admin: AdminServer | undefined;
  private readonly state: StateKeeper | undefined;
  private rerankTimer: NodeJS.Timeout | undefined;
  private ready = false;
  private stopping: Promise<void> | undefined;
  readonly addresses: ServiceAddresses = {};
  readonly startedAt = Date.now();

  constructor(
    private readonly config: ServiceConfig,
    private readonly createEngine: EngineFactory,
    private readonly log: Logger,
  ) {
    this.metrics = new ServiceMetrics({ labelValuesLimit: config.metrics.labelValuesLimit });
    this.catalog = new TemplateCatalog(config.admin.templatesPerService);
    this.anomalies = new AnomalyRing(config.admin.recentAnomalies);
    this.graph = new ServiceGraph(config.serviceGraph, this.metrics);
    this.exporters = config.exporters.map((e) => createExporter(e, this.metrics, log));
    for (const e of this.exporters) this.metrics.registerExporter(e.name);
    this.metrics.setExporterSources(() => this.exporters.map((e) => ({ name: e.name, pending: e.pending, capacity: e.capacity })));
    this.metrics.setEngineStats(() => this.engine?.stats() ?? this.scoring?.figures.engine);
    // With a scoring thread, the thread keeps the state (it holds what is saved).
    this.state = config.state.enabled && !config.processor.scoringThread ? new StateKeeper(config.state.dir, log.child({ part: 'state' })) : undefined;
  }

  isReady(): boolean {
    // A service whose scoring thread ended for good refuses every request: not ready, so it is
    // restarted; while the thread restarts, requests get backpressure: not ready either.
    return this.ready && this.scoring?.failure === undefined && this.scoring?.restarting !== true;
  }

  /** The engine (after start), when it runs on the event loop (processor.scoringThread off). */
  get currentEngine(): Engine {
    if (this.scoring) throw new Error('the engine runs in the scoring thread: use engineStats() / engineSnapshot()');
    if (!this.engine) throw new Error('service not started');
    return this.engine;
  }

  /** The engine's figures, wherever it runs. */
  async engineStats(): Promise<EngineStats> {
    if (this.scoring) return (await this.scoring.currentFigures()).engine;
    return this.currentEngine.stats();
  }

  /** The engine's learned state as plain data, wherever it runs. */
  async engineSnapshot(): Promise<unknown> {
    if (this.scoring) return this.scoring.snapshot();
    return this.currentEngine.snapshot();
  }

  async start(): Promise<ServiceAddresses> {
    const { config, log } = this;
    if (config.admin.enabled) {
      // The admin listener comes first so /healthz answers (and /readyz says 503) while restoring.
      const { host, port } = splitEndpoint(config.admin.endpoint);
      this.admin = new AdminServer(
        {
          host,
          port,
          bearerToken: config.admin.auth.bearerToken || undefined,
          probesWithoutAuth: config.admin.probesWithoutAuth,
          tls: readTls(config.admin.tls),
        },
        {
          registry: this.metrics.registry,
          beforeScrape: async () => {
            // The engine's figures as they are now, not as the scoring thread last reported them.
            if (this.scoring) await this.scoring.currentFigures().catch(() => undefined);
          },
          templates: async (service, limit) => (this.scoring ? this.scoring.templates(service, limit) : this.catalog.list(service, limit)),
          anomalies: this.anomalies,
          graph: this.graph,
          isReady: () => this.isReady(),
          status: async () => {
            // The scoring thread's figures as they are now, not as last reported.
            if (this.scoring) await this.scoring.currentFigures().catch(() => undefined);
            return this.status();
          },
        },
        log.child({ part: 'admin' }),
      );
      const a = await this.admin.start();
      this.addresses.admin = { host: a.address, port: a.port };
    }

    let restoredFrom: string | undefined;
    if (config.processor.scoringThread) {
      const scoring = await ScoringThread.start(
        {
          engineConfig: config.processor.engine,
          templatesPerService: config.admin.templatesPerService,
          state: config.state.enabled ? { dir: config.state.dir, intervalMs: config.state.intervalSeconds * 1000 } : undefined,
          logLevel: log.level,
          statsIntervalMs: SCORING_FIGURES_INTERVAL_MS,
        },
        log,
        restartPolicy(config.processor.scoringThreadRestarts),
      );
      this.scoring = scoring;
      restoredFrom = scoring.restoredFrom;
      scoring.onFigures = (figures) => this.pipeline?.reportCatalogDropped(figures.catalogDropped);
      scoring.onRestarted = () => this.metrics.scoringThreadRestarted();
    } else {
      const restored = this.state ? await this.state.restore() : undefined;
      restoredFrom = restored?.from;
      try {
        this.engine = this.createEngine(config.processor.engine, restored?.engine);
      } catch (err) {
        if (restored?.engine === undefined) throw err;
        // A snapshot the engine cannot read (e.g. from an incompatible version) is not used silently.
        log.error({ err, from: restored.from }, 'the engine refused the saved state: starting with nothing learned');
        this.engine = this.createEngine(config.processor.engine, undefined);
      }
      if (restored?.catalog) this.catalog.restore(restored.catalog);
    }

    this.pipeline = new Pipeline({
      engine: this.engine,
      scoring: this.scoring,
      maxScoringRecords: config.processor.maxScoringRecords,
      maxScoringWaitMs: config.processor.maxScoringWaitMs,
      exporters: this.exporters,
      metrics: this.metrics,
      graph: this.graph,
      catalog: this.scoring ? undefined : this.catalog,
      anomalies: this.anomalies,
      log: log.child({ part: 'pipeline' }),
    });

    const hooks = { observer: this.metrics.receiverObserver(), logger: log.child({ part: 'receiver' }) };
    const receiverConfig = (
      r: ServiceConfig['receivers']['grpc'] | ServiceConfig['receivers']['http'],
      maxMiB: number,
    ): ReceiverConfig => {
      const tls = readTls(r.tls);
      return {
        ...splitEndpoint(r.endpoint),
        maxRequestBytes: Math.round(maxMiB * 1024 * 1024),
        bearerToken: r.auth.bearerToken || undefined,
        tls: tls ? { cert: tls.cert, key: tls.key, clientCa: tls.ca } : undefined,
      };
    };
    if (config.receivers.grpc.enabled) {
      const receiver = createGrpcReceiver(receiverConfig(config.receivers.grpc, config.receivers.grpc.maxMessageSizeMiB), this.pipeline, hooks);
      this.receivers.push(receiver);
      this.addresses.grpc = await receiver.start();
    }
    if (config.receivers.http.enabled) {
      const receiver = createHttpReceiver(receiverConfig(config.receivers.http, config.receivers.http.maxBodySizeMiB), this.pipeline, hooks);
      this.receivers.push(receiver);
      this.addresses.http = await receiver.start();
    }

    if (this.state) this.state.startPeriodic(config.state.intervalSeconds * 1000, () => engineSnapshot(this.currentEngine, this.catalog));
    this.rerankTimer = setInterval(() => this.metrics.rerankLabels(), config.metrics.labelRerankSeconds * 1000);
    this.rerankTimer.unref();
    this.ready = true;
    log.info(
      { ...this.addresses, exporters: this.exporters.map((e) => e.name), restoredFrom, scoringThread: this.scoring !== undefined, gc: gcMode() },
      'anomalog is ready',
    );
    return this.addresses;
  }

  status(): Record<string, unknown> {
    const stats = this.engine?.stats() ?? this.scoring?.figures.engine;
    const saved = this.state
      ? { saves: this.state.saves, lastSaveBytes: this.state.lastSaveBytes, lastSaveMs: Math.round(this.state.lastSaveMs), lastSaveMaxBlockMs: Math.round(this.state.lastSaveMaxBlockMs) }
      : (this.scoring?.figures.state ?? null);
    return {
      ready: this.ready,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      services: stats?.services ?? 0,
      templates: stats ? [...stats.templatesByService.values()].reduce((a, b) => a + b, 0) : 0,
      anomaliesSeen: this.anomalies.total,
      exporters: this.exporters.map((e) => ({ name: e.name, type: e.type, pending: e.pending, capacity: e.capacity })),
      state: saved,
      scoringThread: this.scoring?.health ?? null,
    };
  }

  /** Graceful stop; returns the number of records that could not be delivered before the deadline. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const deadlineMs = this.config.shutdown.drainTimeoutSeconds * 1000;
    const started = Date.now();
    this.ready = false;
    if (this.rerankTimer) clearInterval(this.rerankTimer);
    this.state?.stop();
    // 1. No new data: receivers finish in-flight requests and close.
    await Promise.all(this.receivers.map((r) => r.shutdown(Math.min(deadlineMs, 5_000))));
    // 2. Accepted records still being scored reach the exporters' queues (room is reserved there),
    // and the queues drain within what is left of the deadline.
    if (this.pipeline) await Promise.race([this.pipeline.whenScored(), new Promise((r) => setTimeout(r, deadlineMs).unref())]);
    const left = Math.max(100, deadlineMs - (Date.now() - started));
    const lost = await Promise.all(this.exporters.map((e) => e.shutdown(left)));
    // 3. What was learned is saved.
    if (this.state && this.engine) await this.state.save(() => engineSnapshot(this.currentEngine, this.catalog));
    if (this.scoring) {
      await this.scoring.stop().catch((err: unknown) => this.log.error({ err }, 'the scoring thread did not stop cleanly'));
    }
    await this.admin?.close();
    this.log.info({ undelivered: lost.reduce((a, b) => a + b, 0), ms: Date.now() - started }, 'anomalog stopped');
  }
}
