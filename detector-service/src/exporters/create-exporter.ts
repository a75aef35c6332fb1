import type { ExporterConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { QueuedRecord, Sender } from './export-record.js';
import { JsonlSender } from './jsonl/jsonl-sender.js';
import { LokiSender } from './loki/loki-sender.js';
import { OtlpGrpcSender } from './otlp/otlp-grpc-sender.js';
import { OtlpHttpSender } from './otlp/otlp-http-sender.js';
import { QueuedExporter, type ExporterCounters } from './queued-exporter.js';

/**
 * Senders typed for decoded records only (Loki, OTLP) never get rendered ones: the pipeline renders
 * at receipt only when every exporter's sender takes them (Sender.takesRenderedRecords).
 */
function createSender(exporter: ExporterConfig): Sender<QueuedRecord> {
  switch (exporter.type) {
    case 'loki':
      return new LokiSender(exporter.config);
    case 'otlphttp':
      return new OtlpHttpSender(exporter.config);
    case 'otlpgrpc':
      return new OtlpGrpcSender(exporter.config);
    case 'jsonl':
      return new JsonlSender(exporter.config);
  }
}

/** The exporter factory: a protocol sender behind the shared queue, batching and retry. */
export function createExporter(exporter: ExporterConfig, counters: ExporterCounters, log: Logger): QueuedExporter<QueuedRecord> {
  return new QueuedExporter<QueuedRecord>(
    exporter.name,
    exporter.type,
    createSender(exporter),
    exporter.config.queue,
    exporter.config.retry,
    counters,
    log.child({ exporter: exporter.name }),
  );
}
