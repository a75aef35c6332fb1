/**
 * An application using the official OpenTelemetry JS SDK: a LoggerProvider with one of the OTLP
 * log exporters (gRPC, HTTP protobuf, HTTP JSON), emitting a small web service's logs.
 */
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';

export type SdkTransport = 'grpc' | 'http-protobuf' | 'http-json';

export function sdkExporter(transport: SdkTransport, ports: { grpcPort: number; httpPort: number }): LogRecordExporter {
  switch (transport) {
    case 'grpc':
      return new GrpcLogExporter({ url: `http://127.0.0.1:${ports.grpcPort}` });
    case 'http-protobuf':
      return new ProtoLogExporter({ url: `http://127.0.0.1:${ports.httpPort}/v1/logs` });
    case 'http-json':
      return new JsonLogExporter({ url: `http://127.0.0.1:${ports.httpPort}/v1/logs` });
  }
}

export interface EmitPlan {
  service: string;
  /** Normal request logs before the incident. */
  normal: number;
  /** Records of a failure never seen before, at the end. */
  incident: number;
  startMs: number;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Emits the plan's logs through the exporter and flushes. Returns the number of records emitted. */
export async function emitThroughSdk(exporter: LogRecordExporter, plan: EmitPlan): Promise<number> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': plan.service, 'service.version': '1.4.2' }),
    processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 200, scheduledDelayMillis: 50 })],
  });
  const logger = provider.getLogger('web', '1.0.0');
  const routes = ['/api/items', '/api/cart', '/api/users'];
  let t = plan.startMs;
  for (let i = 0; i < plan.normal; i++) {
    t += 100;
    const spanContext = { traceId: hex(i + 1, 32), spanId: hex(i + 1, 16), traceFlags: TraceFlags.SAMPLED };
    const context_ = trace.setSpanContext(context.active(), spanContext);
    if (i % 2 === 0) {
      // The service handling a user's request.
      logger.emit({
        timestamp: new Date(t),
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: `GET ${routes[i % 3]}/${1000 + (i % 97)} 200 in ${20 + (i % 13)} ms`,
        attributes: {
          'http.request.method': 'GET',
          'http.response.status_code': 200,
          'client.address': `10.0.0.${1 + ((i / 2) % 5)}`,
          'enduser.id': `u${i % 7}`,
        },
        context: context_,
      });
    } else {
      // The same service calling another one.
      logger.emit({
        timestamp: new Date(t),
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: `reserved item ${2000 + (i % 89)} at inventory in ${3 + (i % 7)} ms`,
        attributes: { 'peer.service': 'inventory', 'server.address': 'inventory.shop.svc', 'server.port': 8080 },
        context: context_,
      });
    }
  }
  for (let i = 0; i < plan.incident; i++) {
    t += 100;
    logger.emit({
      timestamp: new Date(t),
      severityNumber: SeverityNumber.FATAL,
      severityText: 'FATAL',
      body: `kernel: I/O error on device sdb sector ${880_000 + i}, disk controller failure, filesystem remounted read-only`,
      attributes: { 'client.address': '10.0.0.1' },
    });
  }
  await provider.forceFlush();
  await provider.shutdown();
  return plan.normal + plan.incident;
}
