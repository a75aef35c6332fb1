/**
 * Every Prometheus metric of the service (names and labels as in docs/contracts.md), on a registry
 * of its own. Unbounded labels go through a top-K LabelCap; a value evicted from the top-K has its
 * series removed so the registry stays bounded.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LOG_CLASSES, type EngineStats, type RecordVerdict } from '@anomalog/collector-processor';
import type { ExporterCounters } from '../exporters/queued-exporter.js';
import { LabelCap, OTHER } from './label-cap.js';
import { SEVERITY_NAMES } from './severity.js';
import { ScoreHistogram } from './score-histogram.js';
import { PairCounters } from './pair-counters.js';
import { memoCaches } from './memo-caches.js';

export type Transport = 'grpc' | 'http';
/** The contract's reasons, plus `internal` for a pipeline fault. */
export type RefusalReason = 'invalid' | 'backpressure' | 'too_large' | 'unauthenticated' | 'internal';

export const SCORE_BUCKETS = Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 5) / 100);

export interface ExporterGaugeSource {
  name: string;
  pending: number;
  capacity: number;
}

export interface MetricsOptions {
  labelValuesLimit: number;
  /** Process metrics (CPU, memory, event loop lag) with the `anomalog_process_` prefix. */
  processMetrics?: boolean;
}

/** Class label → index into a batch's count arrays. */
const CLASS_INDEX = new Map<string, number>(LOG_CLASSES.map((c, i) => [c, i]));

/** Index of a severity number's label in SEVERITY_NAMES. */
function severityIndex(severityNumber: number): number {
  return severityNumber >= 1 && severityNumber <= 24 ? Math.floor((severityNumber - 1) / 4) : SEVERITY_NAMES.length - 1;
}

/** One service's counts within a batch. */
interface ServiceBatch {
  score: ReturnType<ScoreHistogram['seriesFor']>;
  /** Class labels by index: the contract's, then any other an engine reported. */
  classes: string[];
  records: number[];
  anomalies: number[];
  newTemplates: Float64Array;
  /** Index of a class outside LOG_CLASSES, added on first sight. */
  otherClasses(cls: string): number;
}

function newServiceBatch(score: ServiceBatch['score']): ServiceBatch {
  const batch: ServiceBatch = {
    score,
    classes: [...LOG_CLASSES],
    records: new Array<number>(LOG_CLASSES.length).fill(0),
    anomalies: new Array<number>(LOG_CLASSES.length).fill(0),
    newTemplates: new Float64Array(SEVERITY_NAMES.length),
    otherClasses(cls) {
      let k = batch.classes.indexOf(cls);
      if (k < 0) {
        k = batch.classes.push(cls) - 1;
        batch.records.push(0);
        batch.anomalies.push(0);
      }
      return k;
    },
  };
  return batch;
}

export class ServiceMetrics implements ExporterCounters {
  readonly registry = new Registry();
  readonly caps: { service: LabelCap; client: LabelCap; server: LabelCap };

  /** label=value → series removers, so an evicted top-K value takes its series with it. */
  private readonly seriesByValue = new Map<string, Map<string, () => void>>();
  /** Services whose per-class and per-severity series have been created at 0. */
  private readonly seeded = new Set<string>();
  /** Cap events counted by the service's own stores (service graph, admin catalog). */
  private readonly ownCapEvents = new Map<string, number>();
  private engineStats: () => EngineStats | undefined = () => undefined;
  private exporterSources: () => ExporterGaugeSource[] = () => [];

  private readonly received: Counter<'transport'>;
  private readonly accepted: Counter<'transport'>;
  private readonly refused: Counter<'transport' | 'reason'>;
  private readonly requestsRefused: Counter<'transport' | 'reason'>;
  private readonly records: Counter<'service' | 'class'>;
  private readonly anomalies: Counter<'service' | 'class'>;
  private readonly score: ScoreHistogram;
  private readonly newTemplates: Counter<'service' | 'severity'>;
  private readonly graphPairs: PairCounters;
  private readonly exporterSent: Counter<'exporter'>;
  private readonly exporterFailed: Counter<'exporter' | 'reason'>;
  private readonly exporterDropped: Counter<'exporter' | 'reason'>;
  private readonly processing: Histogram<'transport'>;
  private readonly scoringThreadRestarts: Counter;

  constructor(options: MetricsOptions) {
    const r = this.registry;
    // Overflow is read from each cap's own count at scrape time (not counted per value mapped).
    this.caps = {
      service: new LabelCap('service', options.labelValuesLimit, (v) => this.evict('service', v)),
      client: new LabelCap('client', options.labelValuesLimit, (v) => this.evict('client', v)),
      server: new LabelCap('server', options.labelValuesLimit, (v) => this.evict('server', v)),
    };
    const caps = this.caps;
    this.received = new Counter({ name: 'anomalog_records_received_total', help: 'Records in requests that decoded.', labelNames: ['transport'], registers: [r] });
    this.accepted = new Counter({ name: 'anomalog_records_accepted_total', help: 'Records taken into the pipeline.', labelNames: ['transport'], registers: [r] });
    this.refused = new Counter({ name: 'anomalog_records_refused_total', help: 'Records refused, when their count is known (invalid, backpressure, too_large, unauthenticated, internal).', labelNames: ['transport', 'reason'], registers: [r] });
    // Per request: counts refusals whose records were never counted (bad token, undecodable body).
    this.requestsRefused = new Counter({ name: 'anomalog_requests_refused_total', help: 'Requests answered with an error status (invalid, backpressure, too_large, unauthenticated, internal).', labelNames: ['transport', 'reason'], registers: [r] });
    this.records = new Counter({ name: 'anomalog_records_total', help: 'Scored records.', labelNames: ['service', 'class'], registers: [r] });
    this.anomalies = new Counter({ name: 'anomalog_anomalies_total', help: 'Records scored as anomalies.', labelNames: ['service', 'class'], registers: [r] });
    this.score = new ScoreHistogram(SCORE_BUCKETS, r);
    const stats = (): EngineStats | undefined => this.engineStats();
    new Gauge({
      name: 'anomalog_templates',
      help: 'Templates currently known.',
      labelNames: ['service'],
      registers: [r],
      collect() {
        this.reset();
        const s = stats();
        if (!s) return;
        for (const [service, n] of s.templatesByService) this.inc({ service: caps.service.map(service, 0) }, n);
      },
    });
    new Gauge({
      name: 'anomalog_cache_entries',
      help: 'Entries in a memo cache of the main thread (see anomalog_cache_capacity).',
      labelNames: ['cache'],
      registers: [r],
      collect() {
        for (const cache of memoCaches()) this.set({ cache: cache.name }, cache.size());
      },
    });
    new Gauge({
      name: 'anomalog_cache_capacity',
      help: 'Entries a memo cache keeps at most; past it, forms are built each time.',
      labelNames: ['cache'],
      registers: [r],
      collect() {
        for (const cache of memoCaches()) this.set({ cache: cache.name }, cache.capacity);
      },
    });
    this.newTemplates = new Counter({ name: 'anomalog_new_templates_total', help: 'Templates created.', labelNames: ['service', 'severity'], registers: [r] });
    this.graphPairs = new PairCounters(r);
    this.exporterSent = new Counter({ name: 'anomalog_exporter_sent_total', help: 'Records delivered.', labelNames: ['exporter'], registers: [r] });
    this.exporterFailed = new Counter({ name: 'anomalog_exporter_failed_total', help: 'Records in failed attempts (retried).', labelNames: ['exporter', 'reason'], registers: [r] });
    this.exporterDropped = new Counter({ name: 'anomalog_exporter_dropped_total', help: 'Records given up on.', labelNames: ['exporter', 'reason'], registers: [r] });
    const exporters = (): ExporterGaugeSource[] => this.exporterSources();
    new Gauge({
      name: 'anomalog_exporter_queue_size',
      help: 'Records waiting.',
      labelNames: ['exporter'],
      registers: [r],
      collect() {
        for (const e of exporters()) this.set({ exporter: e.name }, e.pending);
      },
    });
    new Gauge({
      name: 'anomalog_exporter_queue_capacity',
      help: 'Queue cap.',
      labelNames: ['exporter'],
      registers: [r],
      collect() {
        for (const e of exporters()) this.set({ exporter: e.name }, e.capacity);
      },
    });
    this.scoringThreadRestarts = new Counter({ name: 'anomalog_scoring_thread_restarts_total', help: 'Scoring threads started in place of one that ended unexpectedly.', registers: [r] });
    this.processing = new Histogram({
      name: 'anomalog_processing_duration_seconds',
      help: 'Time from decode to queued, per request.',
      labelNames: ['transport'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [r],
    });
    const limitGauge = new Gauge({ name: 'anomalog_label_values_limit', help: 'Top-K cap of a label.', labelNames: ['label'], registers: [r] });
    for (const cap of Object.values(caps)) limitGauge.set({ label: cap.label }, cap.limit);
    new Counter({
      name: 'anomalog_label_values_overflow_total',
      help: 'Values folded into other.',
      labelNames: ['label'],
      registers: [r],
      collect() {
        this.reset();
        for (const cap of Object.values(caps)) this.inc({ label: cap.label }, cap.overflow);
      },
    });
    for (const transport of ['grpc', 'http'] as const) {
      this.received.inc({ transport }, 0);
      this.accepted.inc({ transport }, 0);
    }
    const own = this.ownCapEvents;
    new Counter({
      name: 'anomalog_engine_cap_events_total',
      help: 'What a bounded store dropped or merged.',
      labelNames: ['store'],
      registers: [r],
      collect() {
        this.reset();
        const s = stats();
        if (s) for (const [store, n] of s.capEvents) this.inc({ store }, n);
        for (const [store, n] of own) this.inc({ store }, n);
      },
    });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: r, prefix: 'anomalog_process_' });
  }

  /** Where the templates gauge and the engine cap counters read from. */
  setEngineStats(source: () => EngineStats | undefined): void {
    this.engineStats = source;
  }

  setExporterSources(source: () => ExporterGaugeSource[]): void {
    this.exporterSources = source;
  }

  private track(label: string, value: string, combo: string, remove: () => void): void {
    if (value === OTHER) return;
    const key = `${label}=${value}`;
    let combos = this.seriesByValue.get(key);
    if (!combos) {
      combos = new Map();
      this.seriesByValue.set(key, combos);
    }
    if (!combos.has(combo)) combos.set(combo, remove);
  }

  private evict(label: string, value: string): void {
    if (label === 'service') this.seeded.delete(value);
    if (label === 'client' || label === 'server') this.graphPairs.removeNode(label, value);
    const key = `${label}=${value}`;
    const combos = this.seriesByValue.get(key);
    if (!combos) return;
    for (const remove of combos.values()) remove();
    this.seriesByValue.delete(key);
  }

  /** The receivers' observer hooks (ReceiverObserver), bound to these counters. */
  receiverObserver(): {
    received(t: Transport, n: number): void;
    accepted(t: Transport, n: number): void;
    refused(t: Transport, reason: RefusalReason, n: number): void;
    requestRefused(t: Transport, reason: RefusalReason): void;
    processed(t: Transport, seconds: number): void;
  } {
    return {
      received: (t, n) => this.recordsReceived(t, n),
      accepted: (t, n) => this.recordsAccepted(t, n),
      refused: (t, reason, n) => this.recordsRefused(t, reason, n),
      requestRefused: (t, reason) => this.requestRefused(t, reason),
      processed: (t, seconds) => this.observeProcessing(t, seconds),
    };
  }

  recordsReceived(transport: Transport, n: number): void {
    this.received.inc({ transport }, n);
  }

  recordsAccepted(transport: Transport, n: number): void {
    this.accepted.inc({ transport }, n);
  }

  recordsRefused(transport: Transport, reason: RefusalReason, n: number): void {
    this.refused.inc({ transport, reason }, n);
  }

  requestRefused(transport: Transport, reason: RefusalReason): void {
    this.requestsRefused.inc({ transport, reason });
  }

  observeProcessing(transport: Transport, seconds: number): void {
    this.processing.observe({ transport }, seconds);
  }

  countCapEvent(store: string, n = 1): void {
    this.ownCapEvents.set(store, (this.ownCapEvents.get(store) ?? 0) + n);
  }

  /**
   * Folds one batch of verdicts into the record, anomaly, score and template metrics. Records of
   * one service come together in a request: each run is mapped through the label cap once and
   * counted into plain arrays; prom-client is called once per (service, class) per batch.
   */
  observeVerdicts(verdicts: readonly RecordVerdict[]): void {
    const perService = new Map<string, ServiceBatch>();
    let i = 0;
    while (i < verdicts.length) {
      const raw = verdicts[i].service;
      let end = i + 1;
      while (end < verdicts.length && verdicts[end].service === raw) end++;
      const service = this.caps.service.map(raw, end - i);
      let batch = perService.get(service);
      if (!batch) {
        batch = newServiceBatch(this.score.seriesFor(service));
        perService.set(service, batch);
      }
      for (; i < end; i++) {
        const v = verdicts[i];
        this.score.observe(batch.score, v.score);
        const cls = CLASS_INDEX.get(v.class) ?? batch.otherClasses(v.class);
        batch.records[cls]++;
        if (v.isAnomaly) batch.anomalies[cls]++;
        if (v.newTemplate) batch.newTemplates[severityIndex(v.severityNumber)]++;
      }
    }
    for (const [service, batch] of perService) {
      this.seedService(service);
      for (let c = 0; c < batch.classes.length; c++) {
        if (batch.records[c] === 0) continue;
        const labels = { service, class: batch.classes[c] };
        this.records.inc(labels, batch.records[c]);
        // Anomaly series exist from the first record so rate() and alerts see 0 rather than nothing.
        this.anomalies.inc(labels, batch.anomalies[c]);
        if (c >= LOG_CLASSES.length) {
          // A class outside the contract's list is not seeded: its series are tracked here.
          this.track('service', service, `r${service}\u0000${labels.class}`, () => {
            this.records.remove(labels);
            this.anomalies.remove(labels);
          });
        }
      }
      for (let k = 0; k < SEVERITY_NAMES.length; k++) {
        if (batch.newTemplates[k] > 0) this.newTemplates.inc({ service, severity: SEVERITY_NAMES[k] }, batch.newTemplates[k]);
      }
    }
  }

  /**
   * The anomaly and new-template series of a service exist at 0 for every class and severity
   * from its first record, so increase() and rate() see the first anomaly of a class, or the
   * first ERROR template, as a change (a series born at 1 is invisible to them).
   */
  private seedService(service: string): void {
    if (this.seeded.has(service)) return;
    this.seeded.add(service);
    for (const cls of LOG_CLASSES) {
      const labels = { service, class: cls };
      this.records.inc(labels, 0);
      this.anomalies.inc(labels, 0);
      this.track('service', service, `r${service}\u0000${cls}`, () => {
        this.records.remove(labels);
        this.anomalies.remove(labels);
      });
    }
    for (const severity of SEVERITY_NAMES) {
      this.newTemplates.inc({ service, severity }, 0);
      this.track('service', service, `t${service}\u0000${severity}`, () => this.newTemplates.remove({ service, severity }));
    }
    this.track('service', service, 's', () => this.score.remove(service));
  }

  /**
   * Counts calls on service-graph edges (raw node names). Names are capped first and the calls
   * summed per capped pair, so a batch full of distinct client IPs touches `other` once.
   */
  observeEdges(edges: Iterable<{ client: string; server: string; calls: number; anomalous: number }>): void {
    for (const e of edges) {
      this.graphPairs.add(this.caps.client.map(e.client, e.calls), this.caps.server.map(e.server, e.calls), e.calls, e.anomalous);
    }
  }

  /** Re-ranks the top-K of every capped label (called on a timer). */
  rerankLabels(): void {
    for (const cap of Object.values(this.caps)) cap.rerank();
  }

  sent(exporter: string, records: number): void {
    this.exporterSent.inc({ exporter }, records);
  }

  failed(exporter: string, reason: string, records: number): void {
    this.exporterFailed.inc({ exporter, reason }, records);
  }

  dropped(exporter: string, reason: string, records: number): void {
    this.exporterDropped.inc({ exporter, reason }, records);
  }

  scoringThreadRestarted(): void {
    this.scoringThreadRestarts.inc();
  }

  /** Makes the per-exporter series exist from the start (0 until something happens). */
  registerExporter(exporter: string): void {
    this.exporterSent.inc({ exporter }, 0);
  }
}
