import type { AnyValue, KeyValue, LogRecord, LogsData, ResourceLogs } from '@anomalog/collector-processor';

/**
 * Realistic OTLP log batches for benchmarks and load generation: several services, each with
 * resource attributes as SDKs send them, records with trace context, HTTP attributes, varied
 * message templates and severities. Deterministic for a given seed.
 */
export interface SampleBatchOptions {
  records: number;
  services: number;
  seed: number;
  /** Offset added to record times so successive batches move forward in time. */
  startTimeUnixNano?: bigint;
}

const ROUTES = ['/api/cart', '/api/checkout', '/api/users/{id}', '/api/search', '/healthz', '/api/orders/{id}'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const TEMPLATES: ((rand: () => number) => [number, string])[] = [
  (r) => [9, `GET /api/cart/${Math.floor(r() * 1e6)} 200 in ${Math.floor(r() * 300)}ms`],
  (r) => [9, `user ${Math.floor(r() * 5000)} logged in from 10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`],
  (r) => [13, `slow query took ${Math.floor(r() * 5000)} ms on table orders`],
  (r) => [17, `upstream connect error or disconnect/reset before headers. retried ${Math.floor(r() * 5)} times`],
  (r) => [5, `cache miss for key session:${Math.floor(r() * 1e9).toString(16)}`],
  (r) => [9, `order ${Math.floor(r() * 1e7)} placed with ${Math.floor(r() * 10) + 1} items, total ${(r() * 500).toFixed(2)} EUR`],
];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

function kv(key: string, value: AnyValue): KeyValue {
  return { key, value };
}

export function sampleLogsBatch(options: SampleBatchOptions): LogsData {
  const rand = rng(options.seed);
  const start = options.startTimeUnixNano ?? 1_700_000_000_000_000_000n;
  const perService = Math.ceil(options.records / options.services);
  const resourceLogs: ResourceLogs[] = [];
  let produced = 0;
  for (let s = 0; s < options.services && produced < options.records; s++) {
    const service = `service-${(options.seed + s) % 997}`;
    const records: LogRecord[] = [];
    for (let i = 0; i < perService && produced < options.records; i++, produced++) {
      const [severityNumber, message] = TEMPLATES[Math.floor(rand() * TEMPLATES.length)](rand);
      const traceId = new Uint8Array(16);
      const spanId = new Uint8Array(8);
      for (let b = 0; b < 16; b++) traceId[b] = Math.floor(rand() * 256);
      for (let b = 0; b < 8; b++) spanId[b] = Math.floor(rand() * 256);
      const time = start + BigInt(produced) * 1_000_000n;
      records.push({
        timeUnixNano: time,
        observedTimeUnixNano: time + 250_000n,
        severityNumber,
        severityText: severityNumber >= 17 ? 'ERROR' : severityNumber >= 13 ? 'WARN' : severityNumber >= 9 ? 'INFO' : 'DEBUG',
        body: message,
        attributes: [
          kv('http.request.method', METHODS[Math.floor(rand() * METHODS.length)]),
          kv('http.route', ROUTES[Math.floor(rand() * ROUTES.length)]),
          kv('http.response.status_code', BigInt(rand() < 0.95 ? 200 : 503)),
          kv('client.address', `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`),
          kv('duration_ms', rand() * 250),
          kv('peer.service', `service-${Math.floor(rand() * options.services)}`),
        ],
        droppedAttributesCount: 0,
        flags: 1,
        traceId,
        spanId,
        eventName: '',
      });
    }
    resourceLogs.push({
      resource: {
        attributes: [
          kv('service.name', service),
          kv('service.version', '1.4.2'),
          kv('service.instance.id', `${service}-pod-${s % 3}`),
          kv('deployment.environment.name', 'production'),
          kv('host.name', `node-${s % 8}`),
          kv('telemetry.sdk.language', 'nodejs'),
          kv('telemetry.sdk.name', 'opentelemetry'),
          kv('process.command_args', ['node', 'server.js', '--port', '8080']),
        ],
        droppedAttributesCount: 0,
      },
      scopeLogs: [
        {
          scope: { name: '@acme/logger', version: '2.1.0', attributes: [], droppedAttributesCount: 0 },
          logRecords: records,
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        },
      ],
      schemaUrl: '',
    });
  }
  return { resourceLogs };
}
