/**
 * The processing pipeline between receivers and exporters (receivers → processor → exporters, as
 * in the OTel Collector). A request is taken only when every exporter's queue has room for all
 * its records; otherwise the whole request is refused with a retry hint, so nothing accepted is
 * ever dropped for lack of room. Scoring runs on the event loop: it is a pure, fast function.
 */
import type { Engine, LogsData, RecordVerdict } from '@anomalog/collector-processor';
import type { Logger } from '../logger.js';
import type { ExportRecord } from '../exporters/export-record.js';
import type { QueuedExporter } from '../exporters/queued-exporter.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { ServiceGraph } from '../metrics/service-graph.js';
import type { AnomalyRing } from '../admin/anomaly-ring.js';
import type { TemplateCatalog } from '../admin/template-catalog.js';
import type { ConsumeMeta, ConsumeOutcome, LogsConsumer } from './consumer.js';

export interface PipelineParts {
  engine: Engine;
  exporters: QueuedExporter[];
  metrics: ServiceMetrics;
  graph: ServiceGraph;
  catalog: TemplateCatalog;
  anomalies: AnomalyRing;
  log: Logger;
}

/** Longest retry hint given to clients, so a long target outage does not park them for minutes. */
const MAX_RETRY_HINT_SECONDS = 30;

export function countRecords(data: LogsData): number {
  let n = 0;
  for (const rl of data.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

export class Pipeline implements LogsConsumer {
  private catalogDroppedReported = 0;

  constructor(private readonly parts: PipelineParts) {}

  /** The engine in use (state snapshots are taken from it). */
  get engine(): Engine {
    return this.parts.engine;
  }

  async consume(data: LogsData, meta: ConsumeMeta): Promise<ConsumeOutcome> {
    // Received/accepted/refused counts and the request latency are recorded by the receivers.
    const { exporters } = this.parts;
    const n = countRecords(data);
    if (n === 0) return { kind: 'accepted', rejectedRecords: 0, message: '' };

    let hint = 0;
    for (const exporter of exporters) {
      if (!exporter.canTake(n)) hint = Math.max(hint, exporter.retryHintSeconds());
    }
    if (hint > 0) {
      return { kind: 'backpressure', retryAfterSeconds: Math.min(MAX_RETRY_HINT_SECONDS, hint) };
    }

    let verdicts: RecordVerdict[];
    try {
      verdicts = this.parts.engine.process(data);
    } catch (err) {
      // An engine fault on one request must not take the service down; the client is told.
      this.parts.log.error({ err, records: n, transport: meta.transport }, 'scoring failed; request rejected');
      return { kind: 'accepted', rejectedRecords: n, message: `scoring failed: ${(err as Error).message}` };
    }

    const records = this.toExportRecords(data, verdicts);
    for (const exporter of exporters) exporter.offer(records);

    this.observe(data, verdicts, records);
    return { kind: 'accepted', rejectedRecords: 0, message: '' };
  }

  private toExportRecords(data: LogsData, verdicts: RecordVerdict[]): ExportRecord[] {
    const out = new Array<ExportRecord>(verdicts.length);
    let i = 0;
    for (const resourceLogs of data.resourceLogs) {
      for (const scopeLogs of resourceLogs.scopeLogs) {
        for (const record of scopeLogs.logRecords) {
          out[i] = { resourceLogs, scopeLogs, record, verdict: verdicts[i] };
          i++;
        }
      }
    }
    if (i !== verdicts.length) throw new Error(`engine returned ${verdicts.length} verdicts for ${i} records`);
    return out;
  }

  private observe(data: LogsData, verdicts: RecordVerdict[], records: ExportRecord[]): void {
    const { metrics, graph, catalog, anomalies } = this.parts;
    metrics.observeVerdicts(verdicts);
    graph.observe(data, verdicts);
    catalog.observe(verdicts);
    if (catalog.dropped > this.catalogDroppedReported) {
      metrics.countCapEvent('admin.templates.dropped', catalog.dropped - this.catalogDroppedReported);
      this.catalogDroppedReported = catalog.dropped;
    }
    const overwrittenBefore = Math.max(0, anomalies.total - anomalies.capacity);
    for (const r of records) if (r.verdict.isAnomaly) anomalies.add(r.verdict, r.record);
    const overwritten = Math.max(0, anomalies.total - anomalies.capacity) - overwrittenBefore;
    if (overwritten > 0) metrics.countCapEvent('admin.anomalies.overwritten', overwritten);
  }
}
