import { ROOT_CONTEXT, trace, TraceFlags, type Context } from '@opentelemetry/api';
import type { LogAttributes, SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as HttpProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { GeneratedRecord } from './record.js';

/** `http` is OTLP/HTTP with protobuf, `http-json` OTLP/HTTP with JSON. */
export const OTLP_PROTOCOLS = ['grpc', 'http', 'http-json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export interface OtlpSinkOptions {
  protocol: OtlpProtocol;
  /** The collector's base URL (e.g. http://localhost:4318) or, for HTTP, the full /v1/logs URL. */
  endpoint: string;
  headers?: Record<string, string>;
  /** Also send the ground truth as record attributes (test.label, test.anomaly_type, test.incident_id). */
  includeTruth?: boolean;
}

/** The URL the exporter posts to: OTLP/HTTP wants the signal path, gRPC the bare authority. */
export function exporterUrl(protocol: OtlpProtocol, endpoint: string): string {
  const url = new URL(endpoint);
  if (protocol !== 'grpc' && (url.pathname === '' || url.pathname === '/')) url.pathname = '/v1/logs';
  return protocol === 'grpc' ? `${url.protocol}//${url.host}` : url.toString();
}

function makeExporter(o: OtlpSinkOptions): LogRecordExporter {
  const url = exporterUrl(o.protocol, o.endpoint);
  switch (o.protocol) {
    case 'grpc':
      return new GrpcExporter({ url });
    case 'http':
      return new HttpProtoExporter({ url, headers: o.headers });
    case 'http-json':
      return new HttpJsonExporter({ url, headers: o.headers });
  }
}

/** What the exporters reported: the SDK swallows export errors, so the sink counts them itself. */
export interface DeliveryCounts {
  exported: number;
  failed: number;
  lastError: string | undefined;
}

/** Wraps an exporter to count what it delivered and what it failed to deliver. */
function counting(inner: LogRecordExporter, counts: DeliveryCounts): LogRecordExporter {
  return {
    export(logs: ReadableLogRecord[], done) {
      inner.export(logs, (result) => {
        // ExportResultCode.SUCCESS is 0 (@opentelemetry/core).
        if (result.code === 0) counts.exported += logs.length;
        else {
          counts.failed += logs.length;
          counts.lastError = result.error?.message ?? 'export failed';
        }
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Sends generated records through the official OpenTelemetry JS SDK: one LoggerProvider per
 * service resource (so each service is its own OTLP resource, as in a real deployment), each with
 * a batch processor and an OTLP exporter, and the record's trace context set on every log.
 */
export class OtlpSink {
  private readonly providers = new Map<Record<string, string>, { provider: LoggerProvider; emit: (r: GeneratedRecord) => void }>();
  private sinceFlush = 0;
  /** Records handed to the SDK. */
  emitted = 0;
  /** Records the exporters delivered or gave up on (known once flushed). */
  readonly delivery: DeliveryCounts = { exported: 0, failed: 0, lastError: undefined };

  constructor(private readonly options: OtlpSinkOptions) {
    exporterUrl(options.protocol, options.endpoint); // fail early on a bad URL
  }

  /** Hands one record to the SDK. Call `flushIfDue` regularly so the SDK's bounded queue never drops. */
  emit(r: GeneratedRecord): void {
    let entry = this.providers.get(r.resource);
    if (entry === undefined) {
      const provider = new LoggerProvider({
        resource: resourceFromAttributes(r.resource),
        processors: [new BatchLogRecordProcessor({ exporter: counting(makeExporter(this.options), this.delivery), maxQueueSize: 20_000, maxExportBatchSize: 1000, scheduledDelayMillis: 200 })],
      });
      const logger = provider.getLogger(`shop.${r.service}`, r.resource['service.version']);
      entry = {
        provider,
        emit: (rec) => {
          const attributes: LogAttributes = { ...rec.attributes };
          if (this.options.includeTruth) {
            attributes['test.label'] = rec.label;
            if (rec.anomalyType !== null) attributes['test.anomaly_type'] = rec.anomalyType;
            if (rec.incidentId !== null) attributes['test.incident_id'] = rec.incidentId;
          }
          logger.emit({
            timestamp: [Math.floor(rec.timeMs / 1000), Math.round((rec.timeMs % 1000) * 1e6)],
            severityNumber: rec.severityNumber as SeverityNumber,
            severityText: rec.severityText,
            body: rec.body,
            attributes,
            context: traceContext(rec),
          });
        },
      };
      this.providers.set(r.resource, entry);
    }
    entry.emit(r);
    this.emitted++;
    this.sinceFlush++;
  }

  /** Waits for the exporters once enough records are queued (the SDK queue holds 20,000 per resource). */
  async flushIfDue(every = 5000): Promise<void> {
    if (this.sinceFlush >= every) await this.flush();
  }

  async flush(): Promise<void> {
    this.sinceFlush = 0;
    await Promise.all([...this.providers.values()].map((p) => p.provider.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await this.flush();
    await Promise.all([...this.providers.values()].map((p) => p.provider.shutdown()));
  }
}

function traceContext(r: GeneratedRecord): Context | undefined {
  if (r.traceId === '' || r.spanId === '') return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: r.traceId, spanId: r.spanId, traceFlags: TraceFlags.SAMPLED });
}
